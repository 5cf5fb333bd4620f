package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.scheduling.PlacementListener.Placed;
import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * FederatedServices in the work of member clusters, read from the clusters' work feeds as their
 * agents read them: placed with their workload, added and removed as services are written and
 * deleted, all or nothing.
 */
class FederatedServicePropagationIT extends SchedulingIntegrationTest {
  private static final String TOKEN = "test-join-token";
  private static final String NAMESPACE = "svc";
  private static final String SERVICES = "/api/v1/namespaces/" + NAMESPACE + "/services";

  @Autowired private WorkPublisher publisher;
  @Autowired private ResourceReader reader;
  @Autowired private FederatedWorkloadStrategy workloads;
  @Autowired private TransactionTemplate transactions;

  /** This test's clusters and their agents' credentials. */
  private final Map<String, String> credentials = new HashMap<>();

  /** Joined clusters are watched by the failure detector: each test removes its own. */
  @AfterEach
  void removeThisTestsClusters() {
    credentials.keySet().forEach(cluster -> api.delete("/api/v1/clusters/" + cluster));
  }

  @Test
  void aServiceWrittenBeforePlacementReachesEveryClusterOfItsWorkload() {
    String eu = join(run + "-eu");
    String us = join(run + "-us");
    String workload = run + "-web";
    created(
        service(
            run + "-front",
            workload,
            "LoadBalancer",
            """
            [{"name": "http", "port": 80, "targetPort": "web"},
             {"name": "metrics", "port": 9090, "protocol": "TCP"}]
            """));
    workloadEverywhere(workload, "");

    schedule();

    for (String cluster : List.of(eu, us)) {
      JsonNode item = item(cluster, workload);
      assertThat(kinds(item)).containsExactly("ConfigMap", "Service", "Deployment");
      JsonNode service = item.path("manifests").get(1);
      assertThat(service.at("/metadata/name").asString()).isEqualTo(run + "-front");
      assertThat(service.at("/metadata/namespace").asString()).isEqualTo(NAMESPACE);
      assertThat(service.at("/metadata/labels/ubernetes.io~1managed-by").asString())
          .isEqualTo("ubernetes");
      assertThat(service.at("/metadata/labels/ubernetes.io~1workload").asString())
          .isEqualTo(NAMESPACE + "." + workload);
      assertThat(service.at("/metadata/annotations/ubernetes.io~1federated-service").asString())
          .isEqualTo(run + "-front");
      assertThat(service.at("/metadata/annotations/ubernetes.io~1generation").asString())
          .isEqualTo("1");
      assertThat(service.path("spec"))
          .isEqualTo(
              ApiClient.tree(
                  """
                  {"type": "LoadBalancer", "selector": {"app": "x"},
                   "ports": [{"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"},
                             {"name": "metrics", "port": 9090, "targetPort": 9090, "protocol": "TCP"}]}
                  """));
    }
  }

  @Test
  void aServiceWrittenAfterPlacementJoinsTheWorkAndLeavesItWhenDeleted() {
    String cluster = join(run + "-a");
    String workload = run + "-db";
    workloadEverywhere(workload, "");
    schedule();
    long placedAt = item(cluster, workload).path("revision").asLong();

    created(service(run + "-db", workload, "Headless", "[{\"port\": 5432}]"));
    JsonNode withService = item(cluster, workload);
    Response deleted = api.delete(SERVICES + "/" + run + "-db");
    JsonNode withoutService = item(cluster, workload);

    assertThat(withService.path("revision").asLong()).isGreaterThan(placedAt);
    assertThat(withService.path("generation").asLong()).isEqualTo(1);
    assertThat(kinds(withService)).containsExactly("ConfigMap", "Service", "Deployment");
    JsonNode service = withService.path("manifests").get(1);
    assertThat(service.at("/spec/type").asString()).isEqualTo("ClusterIP");
    assertThat(service.at("/spec/clusterIP").asString()).isEqualTo("None");
    assertThat(service.at("/spec/ports/0/targetPort").asInt()).isEqualTo(5432);
    assertThat(withService.at("/manifests/2/spec/replicas").asInt())
        .as("the rest of the work stays as committed")
        .isEqualTo(2);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(withoutService.path("revision").asLong())
        .isGreaterThan(withService.path("revision").asLong());
    assertThat(kinds(withoutService)).containsExactly("ConfigMap", "Deployment");
  }

  @Test
  void aPlacementThatChangesNothingWritesNothingWithServicesInTheWork() {
    String cluster = join(run + "-same");
    String workload = run + "-api";
    workloadEverywhere(workload, "");
    schedule();
    created(service(run + "-api", workload, null, "[{\"port\": 443}]"));
    JsonNode before = item(cluster, workload);
    FederatedWorkload placed = reader.get(workloads, NAMESPACE, workload);
    UUID uid = UUID.fromString(placed.metadata().uid());

    transactions.executeWithoutResult(
        status ->
            publisher.placed(
                List.of(new Placed(uid, placed, Map.of(cluster, 2))), Map.of(), clock().instant()));
    JsonNode after = item(cluster, workload);

    assertThat(kinds(before)).containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(after.path("revision").asLong()).isEqualTo(before.path("revision").asLong());
  }

  @Test
  void aServiceThatChangesWorkloadMovesFromOnesWorkToTheOthers() {
    String cluster = join(run + "-move");
    String from = run + "-old";
    String to = run + "-new";
    workloadEverywhere(from, "");
    workloadEverywhere(to, "");
    schedule();
    created(service(run + "-svc", from, null, "[{\"port\": 80}]"));

    Response moved =
        api.mergePatch(SERVICES + "/" + run + "-svc", "{\"spec\": {\"workload\": \"" + to + "\"}}");

    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    assertThat(kinds(item(cluster, from))).containsExactly("ConfigMap", "Deployment");
    assertThat(kinds(item(cluster, to))).containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(
            item(cluster, to).at("/manifests/1/metadata/labels/ubernetes.io~1workload").asString())
        .isEqualTo(NAMESPACE + "." + to);
  }

  @Test
  void aServiceTakesTheWorkloadsOwnServiceOfTheSameNameUntilItIsDeleted() {
    String cluster = join(run + "-own");
    String workload = run + "-shop";
    String own =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "%s"},
         "spec": {"selector": {"app": "x"}, "ports": [{"port": 8080}]}}
        """
            .formatted(run + "-shop");
    workloadEverywhere(workload, own);
    schedule();

    created(service(run + "-shop", workload, null, "[{\"port\": 80}]"));
    JsonNode taken = item(cluster, workload);
    api.delete(SERVICES + "/" + run + "-shop");
    JsonNode givenBack = item(cluster, workload);

    assertThat(kinds(taken)).containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(taken.at("/manifests/1/spec/ports/0/port").asInt()).isEqualTo(80);
    assertThat(kinds(givenBack)).containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(givenBack.at("/manifests/1/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(
            givenBack.at("/manifests/1/metadata/annotations").has("ubernetes.io/federated-service"))
        .isFalse();
  }

  @Test
  void aRefusedServiceWriteLeavesTheWorkAsItWas() {
    String cluster = join(run + "-refused");
    String first = run + "-one";
    String second = run + "-two";
    workloadEverywhere(first, "");
    workloadEverywhere(second, "");
    schedule();
    created(service(run + "-taken", first, null, "[{\"port\": 80}]"));
    JsonNode before = item(cluster, second);

    // The work of the second workload is re-rendered before the name turns out to be taken.
    Response clash = api.post(SERVICES, service(run + "-taken", second, null, "[{\"port\": 81}]"));
    Response invalid =
        api.mergePatch(SERVICES + "/" + run + "-taken", "{\"spec\": {\"ports\": [{\"port\": 0}]}}");

    assertThat(clash.status()).isEqualTo(409);
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(item(cluster, second)).isEqualTo(before);
    assertThat(kinds(item(cluster, first))).containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(item(cluster, first).at("/manifests/1/spec/ports/0/port").asInt()).isEqualTo(80);
  }

  // --- helpers

  /** Joins a ready cluster of this test, as its agent does. */
  private String join(String cluster) {
    String body =
        """
        {"cluster": "%s", "joinToken": "%s", "requestId": "request-%s",
         "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                   "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
        """
            .formatted(cluster, TOKEN, cluster);
    Response joined = api.post("/api/v1/agent/join", body);
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    String credential = joined.at("/credential");
    credentials.put(cluster, credential);
    api.mergePatch(
        "/api/v1/clusters/" + cluster,
        "{\"metadata\": {\"labels\": {\"test-run\": \"" + run + "\"}}}");
    String beat =
        """
        {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"},
         "allocated": {"cpu": "0", "memory": "0", "pods": "0"},
         "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true}
        """;
    Response heartbeat =
        agent("PUT", "/api/v1/agent/clusters/" + cluster + "/heartbeat", credential, beat);
    assertThat(heartbeat.status()).as(heartbeat.body()).isEqualTo(204);
    return cluster;
  }

  /** A Deployment of 2 replicas in every cluster of this test, with a ConfigMap and more. */
  private void workloadEverywhere(String name, String moreResources) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 2,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "x"}},
                                        "template": {"metadata": {"labels": {"app": "x", "tier": "web"}},
                                                     "spec": {"containers": [{"name": "x", "image": "nginx",
                                                              "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}},
                  "resources": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s-settings"},
                                 "data": {"mode": "fast"}}%s],
                  "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}},
                                "mode": "Duplicated"}}}
        """
            .formatted(name, name, moreResources.isEmpty() ? "" : ", " + moreResources, run);
    Response created = api.post("/api/v1/namespaces/" + NAMESPACE + "/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static String service(String name, String workload, String type, String ports) {
    return """
        {"metadata": {"name": "%s"}, "spec": {"workload": "%s", "ports": %s%s}}
        """
        .formatted(name, workload, ports, type == null ? "" : ", \"type\": \"" + type + "\"");
  }

  private void created(String service) {
    Response created = api.post(SERVICES, service);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** The cluster's current work item for a workload of this test, from its work feed. */
  private JsonNode item(String cluster, String workload) {
    Response feed =
        agent(
            "GET",
            "/api/v1/agent/clusters/" + cluster + "/work?since=0",
            credentials.get(cluster),
            null);
    assertThat(feed.status()).as(feed.body()).isEqualTo(200);
    return feed.json()
        .path("items")
        .valueStream()
        .filter(item -> item.path("name").asString().equals(workload))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no work for " + workload + " in " + feed.body()));
  }

  private static List<String> kinds(JsonNode item) {
    List<String> kinds = new ArrayList<>();
    item.path("manifests").forEach(manifest -> kinds.add(manifest.path("kind").asString()));
    return kinds;
  }

  private Response agent(String method, String path, String credential, String body) {
    return new ApiClient(port()).sendAuthorized(method, path, credential, body);
  }
}
