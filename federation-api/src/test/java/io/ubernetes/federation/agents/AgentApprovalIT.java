package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Join mode APPROVAL: an operator admits each cluster. */
@TestPropertySource(properties = "ubernetes.agents.join-mode=APPROVAL")
class AgentApprovalIT extends SchedulingIntegrationTest {

  @Test
  void waitsForApprovalThenGivesTheCredentialToTheAgentThatAsked() {
    String cluster = run + "-approved";

    Response waiting = join(cluster, "agent-1");
    Response impostor = join(cluster, "agent-2");
    JsonNode pending = api.get("/api/v1/clusters/" + cluster).json();
    Response approved =
        api.send(
            "POST", "/api/v1/clusters/" + cluster + ":approve", null, null, "application/json");
    Response stolen = join(cluster, "agent-2");
    Response joined = join(cluster, "agent-1");

    assertThat(waiting.status()).isEqualTo(202);
    assertThat(waiting.at("/state")).isEqualTo("AWAITING_APPROVAL");
    assertThat(waiting.at("/credential")).isNull();
    assertThat(impostor.status()).isEqualTo(409);
    assertThat(joinedCondition(pending).path("reason").asString()).isEqualTo("AwaitingApproval");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(stolen.status()).isEqualTo(409);
    assertThat(joined.status()).isEqualTo(200);
    assertThat(joined.at("/credential")).startsWith("ubc_");
  }

  @Test
  void aDeniedClusterIsRefusedFromThenOn() {
    String cluster = run + "-denied";
    join(cluster, "agent-1");

    Response denied =
        api.send("POST", "/api/v1/clusters/" + cluster + ":deny", null, null, "application/json");
    Response refused = join(cluster, "agent-1");
    Response lateApproval =
        api.send(
            "POST", "/api/v1/clusters/" + cluster + ":approve", null, null, "application/json");

    assertThat(denied.status()).isEqualTo(200);
    assertThat(joinedCondition(denied.json()).path("reason").asString()).isEqualTo("Denied");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(lateApproval.status()).isEqualTo(409);
  }

  @Test
  void approvingAClusterThatNeverAskedIsNotFound() {
    Response approved =
        api.send(
            "POST", "/api/v1/clusters/" + run + "-nobody:approve", null, null, "application/json");

    assertThat(approved.status()).isEqualTo(404);
  }

  private Response join(String cluster, String requestId) {
    return api.post(
        "/api/v1/agent/join",
        """
        {"cluster": "%s", "joinToken": "test-join-token", "requestId": "%s",
         "facts": {"region": "eu-west", "zone": "eu-west-1a", "provider": "test", "tier": "cloud"}}
        """
            .formatted(cluster, requestId));
  }

  private static JsonNode joinedCondition(JsonNode cluster) {
    return cluster
        .at("/status/conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals("Joined"))
        .findFirst()
        .orElseThrow();
  }
}
