package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStatus.ResourceAmounts;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadStatus;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/** The system writes status; clients cannot, through any of the main verbs. */
class StatusIT extends ApiIntegrationTest {
  @Autowired private SystemWrites writes;
  @Autowired private MemberClusterStrategy clusters;
  @Autowired private FederatedWorkloadStrategy workloads;
  @Autowired private ResourceReader reader;
  @Autowired private TransactionTemplate transactions;

  @Test
  void theSystemsStatusSurvivesClientWritesThatCarryAnotherStatus() {
    String name = unique("status");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    Condition ready =
        new Condition(
            "Ready", "True", "HeartbeatReceived", "agent reported", "2026-11-22T00:00:00Z", 1L);
    ResourceAmounts capacity = new ResourceAmounts("64", "256Gi", "1100");

    writes.updateStatus(
        clusters,
        null,
        name,
        status ->
            new MemberClusterStatus(
                List.of(ready),
                "2026-11-22T00:00:00Z",
                capacity,
                null,
                "v1.31.2",
                "0.1.0",
                7L,
                null,
                null));
    Response reported = api.get("/api/v1/clusters/" + name);
    ObjectNode forged = (ObjectNode) reported.json().deepCopy();
    ((ObjectNode) forged.get("status")).put("kubernetesVersion", "v0.0.0-forged");
    ((ObjectNode) forged.get("spec")).put("tier", "cloud");
    Response replaced = api.put("/api/v1/clusters/" + name, forged.toString());
    Response patched =
        api.mergePatch("/api/v1/clusters/" + name, "{\"status\": {\"agentVersion\": \"forged\"}}");

    assertThat(reported.at("/status/conditions/0/status")).isEqualTo("True");
    assertThat(reported.at("/status/allocatable/memory")).isEqualTo("256Gi");
    assertThat(reported.json().at("/metadata/generation").asLong()).isEqualTo(1);
    assertThat(Long.parseLong(reported.at("/metadata/resourceVersion")))
        .isGreaterThan(Long.parseLong(created.at("/metadata/resourceVersion")));
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.at("/status/kubernetesVersion")).isEqualTo("v1.31.2");
    assertThat(replaced.at("/spec/tier")).isEqualTo("cloud");
    assertThat(patched.status()).isEqualTo(200);
    assertThat(patched.at("/status/agentVersion")).isEqualTo("0.1.0");
    assertThat(patched.at("/metadata/resourceVersion"))
        .isEqualTo(replaced.at("/metadata/resourceVersion"));
  }

  /**
   * A status write in a transaction that had read the object before, while a client changed it in
   * between, keeps the client's change: the lock reads what is committed, not what the transaction
   * saw first.
   */
  @Test
  void aStatusWriteAfterAnUnlockedReadKeepsWhatWasCommittedInBetween() {
    String name = unique("between");
    api.post("/api/v1/namespaces/shop/workloads", workload(name));

    transactions.executeWithoutResult(
        transaction -> {
          FederatedWorkload seen = reader.get(workloads, "shop", name);
          Response patched =
              api.mergePatch(
                  "/api/v1/namespaces/shop/workloads/" + name, "{\"spec\": {\"replicas\": 9}}");
          assertThat(patched.status()).as(patched.body()).isEqualTo(200);
          writes.updateStatus(
              workloads,
              "shop",
              name,
              status ->
                  new WorkloadStatus(
                      seen.metadata().generation(),
                      status.conditions(),
                      status.clusters(),
                      null,
                      null,
                      null,
                      3,
                      null));
        });

    Response stored = api.get("/api/v1/namespaces/shop/workloads/" + name);
    assertThat(stored.json().at("/spec/replicas").asInt()).isEqualTo(9);
    assertThat(stored.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(stored.json().at("/status/readyReplicas").asInt()).isEqualTo(3);
  }

  @Test
  void anUnchangedStatusWritesNothing() {
    String name = unique("same-status");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));

    writes.updateStatus(clusters, null, name, status -> status);

    assertThat(api.get("/api/v1/clusters/" + name).at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
  }
}
