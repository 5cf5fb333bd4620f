package io.ubernetes.agent;

import io.ubernetes.agent.AgentConfig.Timings;
import io.ubernetes.agent.sync.ApplyMode;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Agents with short intervals, for tests. */
public final class TestAgents {
  public static final String CLUSTER = "member-1";
  public static final String JOIN_TOKEN = "join-token-" + "0f9e8d7c6b5a";

  private TestAgents() {}

  public static Timings fastTimings() {
    return fastTimings(Duration.ofSeconds(3));
  }

  public static Timings fastTimings(Duration pollTimeout) {
    return new Timings(
        Duration.ofMillis(300), // heartbeat
        Duration.ofSeconds(60), // refused joins
        pollTimeout, // work long-poll
        Duration.ofSeconds(1), // other calls
        Duration.ofMillis(100), // between polls
        Duration.ofMillis(50), // first backoff
        Duration.ofMillis(400), // longest backoff
        2, // attempts per call
        Duration.ofMillis(500), // circuit open
        Duration.ofSeconds(30), // resync
        Duration.ofMillis(50)); // status debounce
  }

  static AgentConfig config(FederationStub federation) {
    return AgentConfig.of(federation.url(), CLUSTER, JOIN_TOKEN)
        .withHealthAddress(new InetSocketAddress("127.0.0.1", 0))
        .withApplyMode(ApplyMode.UPDATE)
        .withTimings(fastTimings());
  }
}
