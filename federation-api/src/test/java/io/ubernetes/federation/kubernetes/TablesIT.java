package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.WatchConnection;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What {@code kubectl get} asks for: a {@code meta.k8s.io/v1} Table of any kind, listed or read, in
 * one namespace or all, page by page, with the row's object as metadata (the default), whole, or
 * not at all.
 */
class TablesIT extends ApiIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  /** The Accept header kubectl 1.35 sends for {@code get}. */
  static final String KUBECTL_TABLE =
      "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
          + "application/json";

  @Test
  void workloadsListAsATableWithTheirColumnsAndMetadataRows() {
    String namespace = unique("tables");
    String name = unique("web");
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload(name));

    Response table =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedworkloads", KUBECTL_TABLE);

    assertThat(table.status()).as(table.body()).isEqualTo(200);
    JsonNode json = table.json();
    assertThat(json.at("/kind").asString()).isEqualTo("Table");
    assertThat(json.at("/apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(json.at("/metadata/resourceVersion").asString()).isNotBlank();
    assertThat(names(json.at("/columnDefinitions")))
        .startsWith("Name", "Desired", "Ready", "Clusters", "Revision", "Rollout", "Where", "Age");
    assertThat(json.at("/columnDefinitions/0/format").asString()).isEqualTo("name");
    assertThat(json.at("/columnDefinitions/0/priority").asInt()).isZero();
    assertThat(json.at("/columnDefinitions/4/priority").asInt()).isZero();
    assertThat(json.at("/columnDefinitions/6/priority").asInt()).isEqualTo(1);
    assertThat(json.at("/rows")).hasSize(1);
    assertThat(json.at("/rows/0/cells/0").asString()).isEqualTo(name);
    assertThat(json.at("/rows/0/cells/1").asInt()).isEqualTo(6);
    assertThat(json.at("/rows/0/cells/2").asString()).isEqualTo("0/6");
    assertThat(json.at("/rows/0/cells")).hasSize(json.at("/columnDefinitions").size());
    assertThat(json.at("/rows/0/object/kind").asString()).isEqualTo("PartialObjectMetadata");
    assertThat(json.at("/rows/0/object/apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
    assertThat(json.at("/rows/0/object/metadata/namespace").asString()).isEqualTo(namespace);
    assertThat(json.at("/rows/0/object/metadata/labels/app").asString()).isEqualTo("web");
    assertThat(json.at("/rows/0/object/spec").isMissingNode()).isTrue();
  }

  @Test
  void oneObjectAndEveryNamespaceAnswerTablesWithTheSameColumnsAsTheList() {
    String namespace = unique("tables");
    String name = unique("web");
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload(name));

    Response one =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedworkloads/" + name, KUBECTL_TABLE);
    Response everywhere = api.get(GROUP + "/federatedworkloads", KUBECTL_TABLE);
    Response listed =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedworkloads", KUBECTL_TABLE);

    assertThat(one.json().at("/kind").asString()).isEqualTo("Table");
    assertThat(one.json().at("/rows")).hasSize(1);
    assertThat(one.json().at("/columnDefinitions"))
        .isEqualTo(listed.json().at("/columnDefinitions"))
        .isEqualTo(everywhere.json().at("/columnDefinitions"));
    assertThat(
            everywhere.json().at("/rows").valueStream().map(row -> row.at("/cells/0").asString()))
        .contains(name);
  }

  @Test
  void includeObjectChoosesWhatEachRowCarriesAndAnUnknownChoiceIsRefused() {
    String namespace = unique("tables");
    String name = unique("web");
    String path = GROUP + "/namespaces/" + namespace + "/federatedworkloads";
    created(path, Manifests.workload(name));

    Response whole = api.get(path + "?includeObject=Object", KUBECTL_TABLE);
    Response none = api.get(path + "?includeObject=None", KUBECTL_TABLE);
    Response wrong = api.get(path + "?includeObject=Everything", KUBECTL_TABLE);

    assertThat(whole.json().at("/rows/0/object/kind").asString()).isEqualTo("FederatedWorkload");
    assertThat(whole.json().at("/rows/0/object/spec/replicas").asInt()).isEqualTo(6);
    assertThat(none.json().at("/rows/0/object").isMissingNode()).isTrue();
    assertThat(none.json().at("/rows/0/cells/0").asString()).isEqualTo(name);
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.at("/kind")).isEqualTo("Status");
    assertThat(wrong.at("/details/causes/0/field")).isEqualTo("includeObject");
  }

  @Test
  void tablesArePagedLikeLists() {
    String namespace = unique("tables");
    String path = GROUP + "/namespaces/" + namespace + "/federatedworkloads";
    created(path, Manifests.workload("a"));
    created(path, Manifests.workload("b"));

    Response first = api.get(path + "?limit=1", KUBECTL_TABLE);
    String next = first.json().at("/metadata/continue").asString();
    Response second = api.get(path + "?limit=1&continue=" + next, KUBECTL_TABLE);

    assertThat(first.json().at("/rows")).hasSize(1);
    assertThat(next).isNotBlank();
    assertThat(second.json().at("/rows")).hasSize(1);
    assertThat(
            List.of(
                first.json().at("/rows/0/cells/0").asString(),
                second.json().at("/rows/0/cells/0").asString()))
        .containsExactly("a", "b");
  }

  @Test
  void clustersPoliciesAndServicesHaveColumnsOfTheirOwn() {
    String cluster = unique("tables-mc");
    String policy = unique("tables-pp");
    String namespace = unique("tables");
    created(GROUP + "/memberclusters", Manifests.cluster(cluster, "eu-west", "cloud"));
    created(GROUP + "/placementpolicies", Manifests.policy(policy));
    created(GROUP + "/namespaces/" + namespace + "/federatedworkloads", Manifests.workload("web"));
    created(
        GROUP + "/namespaces/" + namespace + "/federatedservices",
        """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedService",
         "metadata": {"name": "web"},
         "spec": {"workload": "web", "ports": [{"name": "http", "port": 80}]}}
        """);

    JsonNode clusters = api.get(GROUP + "/memberclusters/" + cluster, KUBECTL_TABLE).json();
    JsonNode policies = api.get(GROUP + "/placementpolicies/" + policy, KUBECTL_TABLE).json();
    JsonNode services =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedservices", KUBECTL_TABLE).json();

    assertThat(names(clusters.at("/columnDefinitions")))
        .startsWith("Name", "Region", "Zone", "Tier", "Ready", "CPU Free", "Age");
    assertThat(clusters.at("/rows/0/cells/1").asString()).isEqualTo("eu-west");
    assertThat(clusters.at("/rows/0/cells/3").asString()).isEqualTo("cloud");
    assertThat(names(policies.at("/columnDefinitions"))).startsWith("Name").contains("Age");
    assertThat(policies.at("/rows/0/cells/0").asString()).isEqualTo(policy);
    assertThat(names(services.at("/columnDefinitions")))
        .startsWith("Name", "Workload", "Type", "Ports");
    assertThat(services.at("/rows/0/cells/1").asString()).isEqualTo("web");
    assertThat(services.at("/rows/0/cells/3").asString()).isEqualTo("80/TCP");
  }

  @Test
  void federatedObjectsShowTheKindTheyHoldAndTheirKeys() {
    String namespace = unique("tables-fo");
    created(
        GROUP + "/namespaces/" + namespace + "/federatedobjects",
        Manifests.federatedObject("app-config"));

    JsonNode table =
        api.get(GROUP + "/namespaces/" + namespace + "/federatedobjects", KUBECTL_TABLE).json();

    assertThat(names(table.at("/columnDefinitions")))
        .containsExactly("Name", "Kind", "Data", "Age");
    assertThat(table.at("/rows/0/cells/0").asString()).isEqualTo("app-config");
    assertThat(table.at("/rows/0/cells/1").asString()).isEqualTo("ConfigMap");
    assertThat(table.at("/rows/0/cells/2").asInt()).isEqualTo(1);
  }

  @Test
  void healthRulesShowTheKindTheyJudgeAndTheirChecks() {
    String name = unique("tables-hr");
    created(GROUP + "/healthrules", Manifests.healthRule(name));

    JsonNode table = api.get(GROUP + "/healthrules/" + name, KUBECTL_TABLE).json();

    assertThat(names(table.at("/columnDefinitions")))
        .containsExactly("Name", "Kind", "Healthy", "Degraded", "Age");
    assertThat(table.at("/rows/0/cells/0").asString()).isEqualTo(name);
    assertThat(table.at("/rows/0/cells/1").asString()).isEqualTo("Database.example.com/v1");
    assertThat(table.at("/rows/0/cells/2").asString()).isEqualTo(".status.phase=Ready");
    assertThat(table.at("/rows/0/cells/3").asString()).isEqualTo("object.status.phase == 'Failed'");
  }

  @Test
  void resourceQuotasShowWhatIsAdmittedAndUsedAgainstEachLimit() {
    String namespace = unique("tables-frq");
    created(
        GROUP + "/namespaces/" + namespace + "/federatedresourcequotas",
        Manifests.resourceQuota("compute"));

    // The quota's status is written once its create commits.
    await()
        .untilAsserted(
            () -> {
              JsonNode table =
                  api.get(
                          GROUP + "/namespaces/" + namespace + "/federatedresourcequotas/compute",
                          KUBECTL_TABLE)
                      .json();
              assertThat(names(table.at("/columnDefinitions")))
                  .containsExactly("Name", "Admitted", "Used", "Age");
              assertThat(table.at("/rows/0/cells/0").asString()).isEqualTo("compute");
              assertThat(table.at("/rows/0/cells/1").asString())
                  .isEqualTo("pods: 0/1000, requests.cpu: 0/100");
              assertThat(table.at("/rows/0/cells/2").asString())
                  .isEqualTo("pods: 0/1000, requests.cpu: 0/100");
            });
  }

  @Test
  void rolloutStrategiesListTheirStagesAndWatchAsTables() {
    String first = unique("tables-ros");
    String second = unique("tables-ros");
    created(GROUP + "/rolloutstrategies", Manifests.rolloutStrategy(first));
    String path = GROUP + "/rolloutstrategies?fieldSelector=metadata.name%3D" + second;

    JsonNode one = api.get(GROUP + "/rolloutstrategies/" + first, KUBECTL_TABLE).json();
    try (WatchConnection watch =
        WatchConnection.open(port(), path + "&watch=true", ApiClient.ADMIN_TOKEN, KUBECTL_TABLE)) {
      created(GROUP + "/rolloutstrategies", Manifests.rolloutStrategy(second));
      JsonNode added = watch.next();

      assertThat(names(one.at("/columnDefinitions")))
          .containsExactly("Name", "Stages", "OnFailure", "Age");
      assertThat(one.at("/rows/0/cells/0").asString()).isEqualTo(first);
      assertThat(one.at("/rows/0/cells/1").asString()).isEqualTo("canary,eu");
      assertThat(one.at("/rows/0/cells/2").asString()).isEqualTo("Pause");
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(added.at("/object/kind").asString()).isEqualTo("Table");
      assertThat(added.at("/object/columnDefinitions")).isEqualTo(one.at("/columnDefinitions"));
      assertThat(added.at("/object/rows/0/cells/0").asString()).isEqualTo(second);
    }
  }

  @Test
  void aViewerReadsSecretsRedactedInObjectRows() {
    String namespace = unique("tables");
    String name = unique("db");
    created(
        GROUP + "/namespaces/" + namespace + "/federatedworkloads",
        """
        {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload", "metadata": {"name": "%s"},
         "spec": {"template": %s,
                  "resources": [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
                                 "data": {"password": "aHVudGVyMi1zM2NyZXQ="}}]}}
        """
            .formatted(name, Manifests.deployment("nginx:1.27")));
    String viewer = api.issueToken(unique("tables-viewer"), "viewer", List.of());

    Response table =
        api.withToken(viewer)
            .get(
                GROUP + "/namespaces/" + namespace + "/federatedworkloads?includeObject=Object",
                KUBECTL_TABLE);

    assertThat(table.json().at("/kind").asString()).isEqualTo("Table");
    assertThat(table.body()).doesNotContain("aHVudGVyMi1zM2NyZXQ=").contains("<redacted>");
  }

  @Test
  void aWatchThatAsksForTablesGetsOneRowTablesWithTheListsColumnsInTheFirstEventOnly() {
    String namespace = unique("tables-watch");
    String path = GROUP + "/namespaces/" + namespace + "/federatedworkloads";
    created(path, Manifests.workload("first"));
    JsonNode listed = api.get(path, KUBECTL_TABLE).json();

    try (WatchConnection watch =
        WatchConnection.open(
            port(), path + "?watch=true&resourceVersion=0", ApiClient.ADMIN_TOKEN, KUBECTL_TABLE)) {
      JsonNode initial = watch.next();
      created(path, Manifests.workload("second"));
      JsonNode change = watch.next();

      assertThat(initial.at("/type").asString()).isEqualTo("ADDED");
      assertThat(initial.at("/object/kind").asString()).isEqualTo("Table");
      assertThat(initial.at("/object/columnDefinitions"))
          .isEqualTo(listed.at("/columnDefinitions"));
      assertThat(initial.at("/object/rows/0/cells/0").asString()).isEqualTo("first");
      assertThat(initial.at("/object/rows/0/object/kind").asString())
          .isEqualTo("PartialObjectMetadata");
      assertThat(change.at("/type").asString()).isEqualTo("ADDED");
      assertThat(change.at("/object/kind").asString()).isEqualTo("Table");
      assertThat(change.at("/object/columnDefinitions").isMissingNode()).isTrue();
      assertThat(change.at("/object/rows/0/cells/0").asString()).isEqualTo("second");
    }
  }

  @Test
  void aPlainJsonAcceptStillGetsTheList() {
    Response list = api.get(GROUP + "/memberclusters", "application/json");

    assertThat(list.json().at("/kind").asString()).isEqualTo("MemberClusterList");
  }

  private void created(String path, String body) {
    Response created = api.post(path, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static List<String> names(JsonNode columns) {
    return columns.valueStream().map(column -> column.at("/name").asString()).toList();
  }
}
