package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What a member's agent reports about a member quota's ResourceQuota, under the quota's uid, over
 * the agent protocol with the scheduler run by hand: the work item it gets, the member's error or
 * success in the quota's {@code status.memberQuotas}, a repeated report stored no more, a recount
 * that leaves the size as it is writing nothing, and a report about a ResourceQuota the member no
 * longer is to have ignored.
 */
class MemberQuotaReportsIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";

  private String namespace;
  private String cluster;
  private String credential;

  @BeforeEach
  void joinACluster() {
    namespace = run + "-team";
    cluster = run + "-a";
    credential = api.joinCluster(cluster, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + cluster,
        "{\"metadata\": {\"labels\": {\"test-run\": \"" + run + "\"}}}");
    Response beat =
        send(
            "PUT",
            "/api/v1/agent/clusters/" + cluster + "/heartbeat",
            """
            {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
             "allocated": {"cpu": "0", "memory": "0", "pods": "0"},
             "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true}
            """);
    assertThat(beat.status()).as(beat.body()).isEqualTo(204);
  }

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void theMembersAnswerShowsInTheQuotasStatusAndARepeatedAnswerIsNotStoredAgain()
      throws SQLException {
    quota("{\"enabled\": true, \"headroomPercent\": 100}");
    workload(namespace, "web", 2, placement(""));
    schedule();

    JsonNode item = workItem("quota_compute");
    String uid = item.path("workloadUid").asString();
    long generation = item.path("generation").asLong();
    assertThat(uid).isEqualTo(quota().at("/metadata/uid").asString());
    JsonNode manifest = item.path("manifests").get(0);
    assertThat(manifest.path("kind").asString()).isEqualTo("ResourceQuota");
    assertThat(manifest.at("/metadata/name").asString()).isEqualTo("ubernetes-compute");
    assertThat(manifest.at("/metadata/namespace").asString()).isEqualTo(namespace);
    // Two replicas of 500m and 1Gi, twice that for the headroom, within the fleet's 3 cores.
    assertThat(manifest.at("/spec/hard").toString())
        .isEqualTo("{\"pods\":\"4\",\"requests.cpu\":\"2\",\"requests.memory\":\"4Gi\"}");
    JsonNode waiting = memberQuota();
    assertThat(waiting.path("applied").asBoolean()).isFalse();
    assertThat(waiting.path("message").asString()).contains("not reported");

    String refused = "resourcequotas \"ubernetes-compute\" is forbidden: the agent may not";
    answer(uid, generation, false, refused);
    JsonNode failed = memberQuota();
    assertThat(failed.path("applied").asBoolean()).isFalse();
    assertThat(failed.path("message").asString()).isEqualTo(refused);
    assertThat(failed.at("/hard/pods").asString()).isEqualTo("4");

    answer(uid, generation, true, null);
    JsonNode applied = memberQuota();
    assertThat(applied.path("applied").asBoolean()).isTrue();
    assertThat(applied.path("message").isMissingNode() || applied.path("message").isNull())
        .as(applied.toString())
        .isTrue();
    String version = quota().at("/metadata/resourceVersion").asString();
    Timestamp stored = reportedAt(uid);

    // The agent repeats it every interval: found unchanged, it is not stored again.
    advance(Duration.ofMinutes(1));
    answer(uid, generation, true, null);
    assertThat(reportedAt(uid)).isEqualTo(stored);
    assertThat(quota().at("/metadata/resourceVersion").asString()).isEqualTo(version);

    // A recount that leaves its size as it is (the quota changed elsewhere) writes no new version.
    Response changed =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas/compute",
            "{\"spec\": {\"hard\": {\"count/federatedworkloads\": \"7\"}}}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    schedule();
    // status.hard follows a quota's write once it commits.
    await()
        .untilAsserted(
            () ->
                assertThat(quota().at("/status/hard/count~1federatedworkloads").asString())
                    .isEqualTo("7"));
    JsonNode same = workItem("quota_compute");
    assertThat(same.path("revision").asLong()).isEqualTo(item.path("revision").asLong());
    assertThat(same.path("generation").asLong()).isEqualTo(generation);
    assertThat(memberQuota().path("applied").asBoolean()).isTrue();

    // A report of an older version of it is not this version applied.
    answer(uid, generation - 1, true, null);
    assertThat(memberQuota().path("applied").asBoolean()).isFalse();
  }

  @Test
  void aReportAboutAResourceQuotaTheMemberIsNoLongerToHaveIsIgnored() throws SQLException {
    quota("{\"enabled\": true}");
    workload(namespace, "web", 1, placement(""));
    schedule();
    JsonNode item = workItem("quota_compute");
    Response disabled =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas/compute",
            "{\"spec\": {\"memberQuota\": {\"enabled\": false}}}");
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    schedule();

    answer(item.path("workloadUid").asString(), item.path("generation").asLong(), true, null);

    assertThat(quota().at("/status/memberQuotas").isEmpty()).isTrue();
    assertThat(reportedAt(item.path("workloadUid").asString())).isNull();
  }

  private void quota(String memberQuota) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas",
            """
            {"metadata": {"name": "compute"},
             "spec": {"hard": {"requests.cpu": "3", "requests.memory": "8Gi", "pods": "10"},
                      "memberQuota": %s}}
            """
                .formatted(memberQuota));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // Its status follows once the create commits: written before the test reads versions.
    await()
        .untilAsserted(
            () -> assertThat(quota().at("/status/hard/pods").asString()).isEqualTo("10"));
  }

  private JsonNode quota() {
    return api.get("/api/v1/namespaces/" + namespace + "/federatedresourcequotas/compute").json();
  }

  private JsonNode memberQuota() {
    JsonNode members = quota().at("/status/memberQuotas");
    assertThat(members).as(members.toString()).hasSize(1);
    return members.get(0);
  }

  private JsonNode workItem(String itemName) {
    Response feed = send("GET", "/api/v1/agent/clusters/" + cluster + "/work?since=0", null);
    assertThat(feed.status()).as(feed.body()).isEqualTo(200);
    return feed.json()
        .path("items")
        .valueStream()
        .filter(item -> item.path("name").asString().equals(itemName))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no work item " + itemName + " in " + feed.body()));
  }

  /** Reports what the member did with the quota's ResourceQuota, as its agent does. */
  private void answer(String uid, long generation, boolean applied, String error) {
    Response answer =
        send(
            "PUT",
            "/api/v1/agent/clusters/" + cluster + "/status",
            """
            {"workloads": [{"workloadUid": "%s", "generation": %d, "applied": %s,
                            "replicas": 0, "readyReplicas": 0, "errors": %s, "services": [],
                            "podIssues": []}]}
            """
                .formatted(
                    uid,
                    generation,
                    applied,
                    error == null ? "[]" : ApiClient.json(new String[] {error})));
    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
  }

  private Response send(String method, String path, String body) {
    return new ApiClient(port()).sendAuthorized(method, path, credential, body);
  }

  /** When the federation last stored the cluster's report about the quota; null for never. */
  private Timestamp reportedAt(String uid) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "select reported_at from agent_reports where cluster = ? and workload_uid = ?")) {
      statement.setString(1, cluster);
      statement.setObject(2, UUID.fromString(uid));
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getTimestamp(1) : null;
      }
    }
  }
}
