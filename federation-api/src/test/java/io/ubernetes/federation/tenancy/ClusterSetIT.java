package io.ubernetes.federation.tenancy;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.clusterSet;
import static io.ubernetes.federation.testing.Manifests.clusterSetBinding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.TestJwts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * ClusterSets and ClusterSetBindings on the API: validation naming the field, statuses kept current
 * as clusters join, leave and change labels and as sets come and go, tables, and who may bind a set
 * (admins, and operators of the namespace granted the set by their token or JWT).
 */
class ClusterSetIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;

  private static final String SETS = "/api/v1/clustersets";
  private static final String GROUP = "/apis/ubernetes.io/v1";

  private static String bindings(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/clustersetbindings";
  }

  @Test
  void aSetListsItsClustersAsTheyJoinLeaveAndChangeLabels() {
    String region = unique("zz-region");
    String other = unique("zz-other");
    String a = created("/api/v1/clusters", cluster(unique("cs-a"), region, "onprem"));
    created("/api/v1/clusters", cluster(unique("cs-b"), other, "onprem"));
    String set = created(SETS, clusterSet(unique("eu"), region));

    awaitSet(set, List.of(a), "True");

    String c = created("/api/v1/clusters", cluster(unique("cs-c"), region, "cloud"));
    awaitSet(set, List.of(a, c).stream().sorted().toList(), "True");

    assertThat(api.delete("/api/v1/clusters/" + a).status()).isEqualTo(200);
    awaitSet(set, List.of(c), "True");

    Response relabelled =
        api.mergePatch(
            SETS + "/" + set,
            "{\"spec\": {\"clusterSelector\": {\"matchLabels\": {\"topology.kubernetes.io/region\":"
                + " \"nowhere\"}}}}");
    assertThat(relabelled.status()).as(relabelled.body()).isEqualTo(200);
    awaitSet(set, List.of(), "False");
  }

  /**
   * Another instance of the service refreshing the statuses at the same time must not write an
   * older reading over a newer one: a refresh reads only once it holds the lock every instance
   * takes, so while another holds it, nothing is written, and once it is released, what is written
   * is current.
   */
  @Test
  void aRefreshReadsOnlyOnceNoOtherInstanceIsRefreshing() throws Exception {
    String region = unique("zz-locked");
    String a = created("/api/v1/clusters", cluster(unique("lk-a"), region, "onprem"));
    String set = created(SETS, clusterSet(unique("locked"), region));
    awaitSet(set, List.of(a), "True");

    String b;
    try (Connection other = dataSource.getConnection()) {
      other.setAutoCommit(false);
      try (PreparedStatement lock =
          other.prepareStatement("select pg_advisory_xact_lock(hashtext(?))")) {
        lock.setString(1, TenancyStatus.LOCK);
        lock.execute();
      }
      b = created("/api/v1/clusters", cluster(unique("lk-b"), region, "cloud"));
      await()
          .during(Duration.ofMillis(800))
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(api.get(SETS + "/" + set).json().at("/status/clusterCount").asInt())
                      .as("written while another instance refreshes")
                      .isEqualTo(1));
      other.rollback();
    }
    awaitSet(set, List.of(a, b).stream().sorted().toList(), "True");
  }

  @Test
  void aBindingIsBoundWhileItsSetExists() {
    String namespace = unique("shop");
    String set = unique("eu");
    created(bindings(namespace), clusterSetBinding(set));
    awaitBound(namespace, set, "False", "ClusterSetNotFound");

    created(SETS, clusterSet(set, "eu-central"));
    awaitBound(namespace, set, "True", "ClusterSetFound");

    Response deleted = api.delete(SETS + "/" + set);
    assertThat(deleted.status()).as("deleting a bound set is allowed").isEqualTo(200);
    awaitBound(namespace, set, "False", "ClusterSetNotFound");
  }

  record Invalid(String name, String path, String body, String field) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Invalid> invalid() {
    return Stream.of(
        new Invalid("set without spec", SETS, "{\"metadata\": {\"name\": \"x1\"}}", "spec"),
        new Invalid(
            "set without selector",
            SETS,
            "{\"metadata\": {\"name\": \"x2\"}, \"spec\": {}}",
            "spec.clusterSelector"),
        new Invalid(
            "set with In and no values",
            SETS,
            """
            {"metadata": {"name": "x3"}, "spec": {"clusterSelector": {"matchExpressions":
              [{"key": "topology.kubernetes.io/region", "operator": "In"}]}}}
            """,
            "spec.clusterSelector.matchExpressions[0].values"),
        new Invalid(
            "set with a bad label key",
            SETS,
            """
            {"metadata": {"name": "x4"},
             "spec": {"clusterSelector": {"matchLabels": {"-bad-": "x"}}}}
            """,
            "spec.clusterSelector.matchLabels"),
        new Invalid(
            "binding named after another set",
            bindings("valid"),
            "{\"metadata\": {\"name\": \"eu\"}, \"spec\": {\"clusterSet\": \"us\"}}",
            "spec.clusterSet"),
        new Invalid(
            "binding without a set",
            bindings("valid"),
            "{\"metadata\": {\"name\": \"eu\"}, \"spec\": {}}",
            "spec.clusterSet"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void refusesInvalidSetsAndBindingsNamingTheField(Invalid invalid) {
    Response response = api.post(invalid.path(), invalid.body());

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.errorFields()).anySatisfy(f -> assertThat(f).startsWith(invalid.field()));
  }

  @Test
  void tablesShowASetsClustersAndSelectorAndABindingsSetAndWhetherItIsBound() {
    String region = unique("zz-table");
    String a = created("/api/v1/clusters", cluster(unique("tb-a"), region, "onprem"));
    String set = created(SETS, clusterSet(unique("tb"), region));
    String namespace = unique("tables");
    created(bindings(namespace), clusterSetBinding(set));
    awaitSet(set, List.of(a), "True");
    awaitBound(namespace, set, "True", "ClusterSetFound");

    JsonNode sets = table(GROUP + "/clustersets/" + set);
    JsonNode bound = table(GROUP + "/namespaces/" + namespace + "/clustersetbindings");

    assertThat(columns(sets)).containsExactly("Name", "Clusters", "Selector", "Age");
    assertThat(sets.at("/rows/0/cells/1").asInt()).isEqualTo(1);
    assertThat(sets.at("/rows/0/cells/2").asString())
        .isEqualTo("topology.kubernetes.io/region=" + region);
    assertThat(columns(bound)).containsExactly("Name", "ClusterSet", "Bound", "Age");
    assertThat(bound.at("/rows/0/cells/1").asString()).isEqualTo(set);
    assertThat(bound.at("/rows/0/cells/2").asString()).isEqualTo("True");
  }

  @Test
  void theTokenApiIssuesAndShowsGrantsOfClusterSetsToOperatorsOnly() {
    Response issued =
        api.post(
            "/api/v1/tokens",
            ApiClient.json(
                Map.of(
                    "name", unique("granted"),
                    "role", "operator",
                    "namespaces", List.of("shop"),
                    "clusterSets", List.of("us", "eu", "eu"),
                    "expiresIn", "1h")));
    Response viewer =
        api.post(
            "/api/v1/tokens",
            ApiClient.json(
                Map.of(
                    "name",
                    unique("viewer"),
                    "role",
                    "viewer",
                    "clusterSets",
                    List.of("eu"),
                    "expiresIn",
                    "1h")));
    Response badName =
        api.post(
            "/api/v1/tokens",
            ApiClient.json(
                Map.of(
                    "name",
                    unique("bad"),
                    "role",
                    "operator",
                    "clusterSets",
                    List.of("Not A Set"),
                    "expiresIn",
                    "1h")));

    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    assertThat(issued.json().at("/metadata/clusterSets").valueStream().map(JsonNode::asString))
        .containsExactly("eu", "us");
    String id = issued.at("/metadata/id");
    assertThat(
            api.get("/api/v1/tokens")
                .json()
                .path("items")
                .valueStream()
                .filter(t -> t.path("id").asString().equals(id))
                .flatMap(t -> t.path("clusterSets").valueStream())
                .map(JsonNode::asString))
        .containsExactly("eu", "us");
    assertThat(viewer.status()).isEqualTo(422);
    assertThat(viewer.errorFields()).contains("clusterSets");
    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.errorFields()).contains("clusterSets[0]");
  }

  /** Who binds a set, and the status each caller gets creating, then deleting, a binding. */
  record Binder(String who, String namespace, String set, int create, int delete) {
    @Override
    public String toString() {
      return who;
    }
  }

  @Test
  void onlyAdminsAndOperatorsGrantedTheSetWriteItsBindings() {
    String ns = unique("tenant");
    String set = unique("eu");
    String otherSet = unique("us");
    Map<String, String> tokens =
        Map.of(
            "admin", ApiClient.ADMIN_TOKEN,
            "granted operator", grant("operator", List.of(ns), List.of(set)),
            "granted operator of another namespace",
                grant("operator", List.of(unique("elsewhere")), List.of(set)),
            "operator granted another set", grant("operator", List.of(ns), List.of(otherSet)),
            "operator without grants", grant("operator", List.of(ns), List.of()),
            "viewer", grant("viewer", List.of(ns), List.of()),
            "granted operator by JWT",
                TestJwts.signed(
                    unique("jwt-op"),
                    Map.of(
                        "roles", List.of("operator"),
                        "namespaces", List.of(ns),
                        "ubernetes.io/cluster-sets", List.of(set))),
            "operator by JWT without the claim",
                TestJwts.signed(unique("jwt-op"), TestJwts.roles("operator", List.of(ns))));
    List<Binder> table =
        List.of(
            new Binder("admin", ns, set, 201, 200),
            new Binder("granted operator", ns, set, 201, 200),
            new Binder("granted operator of another namespace", ns, set, 403, 403),
            new Binder("operator granted another set", ns, set, 403, 403),
            new Binder("operator without grants", ns, set, 403, 403),
            new Binder("viewer", ns, set, 403, 403),
            new Binder("granted operator by JWT", ns, set, 201, 200),
            new Binder("operator by JWT without the claim", ns, set, 403, 403));

    List<String> mismatches = new ArrayList<>();
    for (Binder row : table) {
      ApiClient caller = api.withToken(tokens.get(row.who()));
      Response create = caller.post(bindings(row.namespace()), clusterSetBinding(row.set()));
      if (create.status() != row.create()) {
        mismatches.add(row + " create: " + create.status() + " " + create.body());
      }
      if (create.status() == 403) {
        assertThat(create.contentType()).startsWith("application/problem+json");
      }
      // The admin's binding stands in for whoever created it when the caller could not.
      if (create.status() != 201) {
        assertThat(api.post(bindings(row.namespace()), clusterSetBinding(row.set())).status())
            .isEqualTo(201);
      }
      Response delete = caller.delete(bindings(row.namespace()) + "/" + row.set());
      if (delete.status() != row.delete()) {
        mismatches.add(row + " delete: " + delete.status() + " " + delete.body());
      }
      if (delete.status() != 200) {
        assertThat(api.delete(bindings(row.namespace()) + "/" + row.set()).status()).isEqualTo(200);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void aRefusalNamesTheSetAndTheMissingGrantAndIsAudited() {
    String ns = unique("tenant");
    String set = unique("eu");
    String subject = unique("other-set");
    ApiClient operator =
        api.withToken(grant(subject, "operator", List.of(ns), List.of(unique("us"))));
    ApiClient ungranted = api.withToken(grant("operator", List.of(ns), List.of()));

    Response created = operator.post(bindings(ns), clusterSetBinding(set));
    Response replaced = operator.put(bindings(ns) + "/" + set, clusterSetBinding(set));
    // Without any grant the create is refused before its body is read: no set to name.
    Response none = ungranted.post(bindings(ns), clusterSetBinding(set));

    assertThat(created.status()).isEqualTo(403);
    assertThat(created.at("/detail")).contains("\"" + set + "\"").contains("clusterSets");
    assertThat(replaced.status()).isEqualTo(403);
    assertThat(replaced.at("/detail")).contains("\"" + set + "\"").contains("clusterSets");
    assertThat(none.status()).isEqualTo(403);
    assertThat(none.at("/detail")).contains("clusterSets").contains("granted none");
    Response audited =
        api.get("/api/v1/audit?subject=" + subject + "&resource=ClusterSetBinding&outcome=denied");
    assertThat(audited.json().path("items").valueStream())
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(403));
  }

  @Test
  void canIAnswersForBindingsAsFarAsTheGrantsTell() {
    String ns = unique("tenant");
    String set = unique("eu");
    ApiClient granted = api.withToken(grant("operator", List.of(ns), List.of(set)));
    ApiClient ungranted = api.withToken(grant("operator", List.of(ns), List.of()));

    assertThat(canI(granted, "create", ns, "")).isTrue();
    // A create of a named binding is refused when its set is not granted, and so is its review.
    assertThat(canI(granted, "create", ns, set)).isTrue();
    assertThat(canI(granted, "create", ns, unique("other"))).isFalse();
    assertThat(canI(granted, "delete", ns, set)).isTrue();
    assertThat(canI(granted, "delete", ns, unique("other"))).isFalse();
    assertThat(canI(ungranted, "create", ns, "")).isFalse();
  }

  private boolean canI(ApiClient caller, String verb, String namespace, String name) {
    Response review =
        caller.post(
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """
            {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectAccessReview",
             "spec": {"resourceAttributes": {"group": "ubernetes.io", "resource": "clustersetbindings",
                      "verb": "%s", "namespace": "%s", "name": "%s"}}}
            """
                .formatted(verb, namespace, name));
    assertThat(review.status()).as(review.body()).isEqualTo(201);
    return review.json().at("/status/allowed").asBoolean();
  }

  private String grant(String role, List<String> namespaces, List<String> sets) {
    return grant(unique("binder"), role, namespaces, sets);
  }

  private String grant(String name, String role, List<String> namespaces, List<String> sets) {
    Response issued =
        api.post(
            "/api/v1/tokens",
            ApiClient.json(
                Map.of(
                    "name", name,
                    "role", role,
                    "namespaces", namespaces,
                    "clusterSets", sets,
                    "expiresIn", "1h")));
    assertThat(issued.status()).as(issued.body()).isEqualTo(201);
    return issued.at("/token");
  }

  private String created(String path, String body) {
    Response created = api.post(path, body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.at("/metadata/name");
  }

  private void awaitSet(String set, List<String> clusters, String selected) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode status = api.get(SETS + "/" + set).json().path("status");
              assertThat(status.path("clusters").valueStream().map(JsonNode::asString).toList())
                  .isEqualTo(clusters);
              assertThat(status.path("clusterCount").asInt()).isEqualTo(clusters.size());
              assertThat(status.at("/conditions/0/type").asString()).isEqualTo("Selected");
              assertThat(status.at("/conditions/0/status").asString()).isEqualTo(selected);
            });
  }

  private void awaitBound(String namespace, String set, String bound, String reason) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode condition =
                  api.get(bindings(namespace) + "/" + set).json().at("/status/conditions/0");
              assertThat(condition.path("type").asString()).isEqualTo("Bound");
              assertThat(condition.path("status").asString()).isEqualTo(bound);
              assertThat(condition.path("reason").asString()).isEqualTo(reason);
            });
  }

  private JsonNode table(String path) {
    Response table = api.get(path, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.status()).as(table.body()).isEqualTo(200);
    return table.json();
  }

  private static List<String> columns(JsonNode table) {
    return table
        .path("columnDefinitions")
        .valueStream()
        .map(c -> c.path("name").asString())
        .toList();
  }
}
