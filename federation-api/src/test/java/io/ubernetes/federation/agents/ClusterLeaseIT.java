package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Heartbeats renew their cluster's lease and write its MemberCluster only when they say something
 * new or its last heartbeat time is older than the status interval (60 s), through the agent
 * protocol over real HTTP on a clock the tests move; the failure detector, run by hand, counts the
 * lease as a heartbeat.
 */
class ClusterLeaseIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";

  @Autowired private ClusterHealth health;
  @Autowired private ClusterLeases leases;

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void identicalHeartbeatsRenewTheLeaseAndLeaveTheClusterAlone() {
    Agent agent = join("same");
    JsonNode before = cluster(agent);

    advance(Duration.ofSeconds(10));
    beat(agent, Beat.USUAL);
    advance(Duration.ofSeconds(10));
    beat(agent, Beat.USUAL);
    JsonNode after = cluster(agent);

    assertThat(after.at("/metadata/resourceVersion").asString())
        .isEqualTo(before.at("/metadata/resourceVersion").asString());
    assertThat(after.at("/status/lastHeartbeatTime").asString())
        .isEqualTo(before.at("/status/lastHeartbeatTime").asString());
    assertThat(leases.renewal(agent.name())).contains(clock().instant());
  }

  @Test
  void aHeartbeatWithNewCapacityANewAgentVersionOrAReadyFlipWritesAtOnce() {
    Agent agent = join("news");
    String written = cluster(agent).at("/metadata/resourceVersion").asString();

    for (Beat news : new Beat[] {Beat.MORE_CAPACITY, Beat.NEWER_AGENT, Beat.UNREACHABLE}) {
      advance(Duration.ofSeconds(10));
      beat(agent, news);
      JsonNode cluster = cluster(agent);
      assertThat(cluster.at("/metadata/resourceVersion").asString())
          .as(news.name())
          .isNotEqualTo(written);
      assertThat(cluster.at("/status/lastHeartbeatTime").asString())
          .as(news.name())
          .isEqualTo(now());
      written = cluster.at("/metadata/resourceVersion").asString();
    }
    JsonNode cluster = cluster(agent);
    assertThat(cluster.at("/status/allocatable/cpu").asString()).isEqualTo("64");
    assertThat(cluster.at("/status/agentVersion").asString()).isEqualTo("newer");
    assertThat(ready(cluster).path("status").asString()).isEqualTo("False");
    assertThat(ready(cluster).path("reason").asString()).isEqualTo("APIServerUnreachable");
  }

  @Test
  void afterTheStatusIntervalAnIdenticalHeartbeatWritesTheNewLastHeartbeatTime() {
    Agent agent = join("interval");
    String joined = cluster(agent).at("/status/lastHeartbeatTime").asString();

    for (int beat = 0; beat < 5; beat++) {
      advance(Duration.ofSeconds(10));
      beat(agent, Beat.USUAL);
    }
    String within = cluster(agent).at("/status/lastHeartbeatTime").asString();
    advance(Duration.ofSeconds(10));
    beat(agent, Beat.USUAL);

    assertThat(within).isEqualTo(joined);
    assertThat(cluster(agent).at("/status/lastHeartbeatTime").asString()).isEqualTo(now());
  }

  @Test
  void aClusterWhoseLeaseIsFreshStaysReadyThoughItsLastHeartbeatTimeIsOld() {
    Agent agent = join("fresh");
    String joined = cluster(agent).at("/status/lastHeartbeatTime").asString();
    for (int beat = 0; beat < 5; beat++) {
      advance(Duration.ofSeconds(10));
      beat(agent, Beat.USUAL);
    }

    checkHealth();
    JsonNode cluster = cluster(agent);

    assertThat(cluster.at("/status/lastHeartbeatTime").asString()).isEqualTo(joined);
    assertThat(Duration.between(Instant.parse(joined), clock().instant()))
        .isGreaterThan(Duration.ofSeconds(40));
    assertThat(ready(cluster).path("status").asString()).isEqualTo("True");
  }

  @Test
  void aClusterWhoseLeaseIsStaleTooTurnsUnknownAndItsNextHeartbeatMakesItReadyAgain() {
    Agent agent = join("stale");
    for (int beat = 0; beat < 3; beat++) {
      advance(Duration.ofSeconds(10));
      beat(agent, Beat.USUAL);
    }
    String lastBeat = now();

    advance(Duration.ofSeconds(41));
    checkHealth();
    JsonNode silent = cluster(agent);
    advance(Duration.ofSeconds(1));
    beat(agent, Beat.USUAL);
    JsonNode back = cluster(agent);

    assertThat(ready(silent).path("status").asString()).isEqualTo("Unknown");
    assertThat(ready(silent).path("reason").asString()).isEqualTo("HeartbeatTimeout");
    assertThat(ready(silent).path("message").asString())
        .isEqualTo("No heartbeat since " + lastBeat);
    assertThat(ready(back).path("status").asString()).isEqualTo("True");
    assertThat(ready(back).path("reason").asString()).isEqualTo("Recovered");
    assertThat(back.at("/status/lastHeartbeatTime").asString()).isEqualTo(now());
  }

  /** What a heartbeat says. */
  private enum Beat {
    USUAL("32", true, "test"),
    MORE_CAPACITY("64", true, "test"),
    NEWER_AGENT("64", true, "newer"),
    UNREACHABLE("64", false, "newer");

    final String cpu;
    final boolean reachable;
    final String agentVersion;

    Beat(String cpu, boolean reachable, String agentVersion) {
      this.cpu = cpu;
      this.reachable = reachable;
      this.agentVersion = agentVersion;
    }
  }

  /** A joined cluster of this run and its agent's credential. */
  private record Agent(String name, String credential) {}

  private void beat(Agent agent, Beat beat) {
    String body =
        """
        {"allocatable": {"cpu": "%s", "memory": "256Gi", "pods": "400"},
         "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
         "kubernetesVersion": "v1.31.2", "agentVersion": "%s", "apiServerReachable": %s,
         "sentAt": "%s"}
        """
            .formatted(beat.cpu, beat.agentVersion, beat.reachable, clock().instant());
    Response answer =
        new ApiClient(port())
            .sendAuthorized(
                "PUT",
                "/api/v1/agent/clusters/" + agent.name() + "/heartbeat",
                agent.credential(),
                body);
    assertThat(answer.status()).as(answer.body()).isEqualTo(204);
  }

  private JsonNode cluster(Agent agent) {
    Response cluster = api.get("/api/v1/clusters/" + agent.name());
    assertThat(cluster.status()).as(cluster.body()).isEqualTo(200);
    return cluster.json();
  }

  /** A cluster of this run, joined, that has sent its first heartbeat. */
  private Agent join(String suffix) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "%s"}}}
        """
            .formatted(run));
    Agent agent = new Agent(name, credential);
    beat(agent, Beat.USUAL);
    return agent;
  }

  /** Runs the failure detector, which works only on the active scheduler: a pass makes it so. */
  private void checkHealth() {
    schedule();
    health.check();
  }

  private String now() {
    return clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static JsonNode ready(JsonNode cluster) {
    for (JsonNode condition : cluster.at("/status/conditions")) {
      if ("Ready".equals(condition.path("type").asString())) {
        return condition;
      }
    }
    throw new AssertionError("no Ready condition: " + cluster);
  }
}
