package io.ubernetes.agent;

import io.ubernetes.agent.sync.ApplyMode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything an agent needs besides its member cluster's client. Built from the environment by
 * {@link AgentConfigLoader}, or directly by tests.
 *
 * @param healthAddress where {@code /healthz} and {@code /readyz} listen; port 0 picks a free port
 * @param topology location facts that override the nodes' topology labels; fields may be null
 * @param federationCaFile PEM certificates the federation's HTTPS certificate must chain to,
 *     instead of the JDK's default trust store; null for the default
 */
public record AgentConfig(
    URI federationUrl,
    String clusterName,
    String joinToken,
    String stateNamespace,
    Topology topology,
    InetSocketAddress healthAddress,
    ApplyMode applyMode,
    Timings timings,
    Path federationCaFile) {

  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  public static final String DEFAULT_STATE_NAMESPACE = "ubernetes-system";

  public AgentConfig {
    Objects.requireNonNull(federationUrl, "federationUrl");
    Objects.requireNonNull(joinToken, "joinToken");
    Objects.requireNonNull(healthAddress, "healthAddress");
    Objects.requireNonNull(applyMode, "applyMode");
    Objects.requireNonNull(timings, "timings");
    topology = topology == null ? Topology.NONE : topology;
    if (!isDnsLabel(clusterName)) {
      throw new IllegalArgumentException("clusterName must be a DNS-1123 label: " + clusterName);
    }
    if (!isDnsLabel(stateNamespace)) {
      throw new IllegalArgumentException(
          "stateNamespace must be a DNS-1123 label: " + stateNamespace);
    }
  }

  /** A configuration with production timings, the default state namespace and server-side apply. */
  public static AgentConfig of(URI federationUrl, String clusterName, String joinToken) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        DEFAULT_STATE_NAMESPACE,
        Topology.NONE,
        new InetSocketAddress("127.0.0.1", 8081),
        ApplyMode.SERVER_SIDE,
        Timings.defaults(Duration.ofSeconds(10)),
        null);
  }

  public AgentConfig withTimings(Timings newTimings) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        topology,
        healthAddress,
        applyMode,
        newTimings,
        federationCaFile);
  }

  public AgentConfig withApplyMode(ApplyMode mode) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        topology,
        healthAddress,
        mode,
        timings,
        federationCaFile);
  }

  public AgentConfig withHealthAddress(InetSocketAddress address) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        topology,
        address,
        applyMode,
        timings,
        federationCaFile);
  }

  public AgentConfig withTopology(Topology newTopology) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        newTopology,
        healthAddress,
        applyMode,
        timings,
        federationCaFile);
  }

  /** Trusts the certificates in {@code caFile} (PEM) for the federation's HTTPS. */
  public AgentConfig withFederationCaFile(Path caFile) {
    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        topology,
        healthAddress,
        applyMode,
        timings,
        caFile);
  }

  static boolean isDnsLabel(String value) {
    return value != null && value.length() <= 63 && DNS_1123_LABEL.matcher(value).matches();
  }

  /** The join token never appears in logs, not even through this record. */
  @Override
  public String toString() {
    return "AgentConfig[federationUrl=%s, clusterName=%s, joinToken=(redacted), stateNamespace=%s, topology=%s, healthAddress=%s, applyMode=%s, timings=%s, federationCaFile=%s]"
        .formatted(
            federationUrl,
            clusterName,
            stateNamespace,
            topology,
            healthAddress,
            applyMode,
            timings,
            federationCaFile);
  }

  /** Location facts given by configuration; null fields come from the nodes' labels. */
  public record Topology(String region, String zone, String provider, String tier) {
    public static final Topology NONE = new Topology(null, null, null, null);
  }

  /**
   * How often and how patiently the agent does things. Production values come from {@link
   * #defaults(Duration)}; tests shorten them.
   *
   * @param heartbeatInterval between heartbeats; also the longest a status report waits, and the
   *     pace of join requests awaiting approval
   * @param rejectedJoinInterval the pace of join requests the federation refused (401, 403, 409)
   * @param pollTimeout read timeout of the work long-poll (the federation holds it up to 30 s)
   * @param callTimeout timeout of every other federation call
   * @param minPollInterval the least time between two work polls, should the federation answer at
   *     once (200 ms: changes reach the cluster soon, and an agent under constant change polls at
   *     most five times a second)
   * @param initialBackoff first retry delay; doubles, with jitter, up to {@code maxBackoff}
   * @param maxAttempts attempts per federation call before its loop backs off
   * @param circuitOpenDuration how long the circuit breaker stays open once the federation fails
   * @param resyncInterval how often every desired object is compared with the cluster anyway
   * @param statusDebounce the least time between two status reports caused by changes
   */
  public record Timings(
      Duration heartbeatInterval,
      Duration rejectedJoinInterval,
      Duration pollTimeout,
      Duration callTimeout,
      Duration minPollInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      int maxAttempts,
      Duration circuitOpenDuration,
      Duration resyncInterval,
      Duration statusDebounce) {

    public Timings {
      requirePositive(heartbeatInterval, "heartbeatInterval");
      requirePositive(rejectedJoinInterval, "rejectedJoinInterval");
      requirePositive(pollTimeout, "pollTimeout");
      requirePositive(callTimeout, "callTimeout");
      requirePositive(minPollInterval, "minPollInterval");
      requirePositive(initialBackoff, "initialBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(circuitOpenDuration, "circuitOpenDuration");
      requirePositive(resyncInterval, "resyncInterval");
      requirePositive(statusDebounce, "statusDebounce");
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }

    public static Timings defaults(Duration heartbeatInterval) {
      return new Timings(
          heartbeatInterval,
          Duration.ofMinutes(1),
          Duration.ofSeconds(45),
          Duration.ofSeconds(10),
          Duration.ofMillis(200),
          Duration.ofMillis(500),
          Duration.ofSeconds(30),
          3,
          Duration.ofSeconds(15),
          Duration.ofMinutes(5),
          Duration.ofSeconds(1));
    }

    private static void requirePositive(Duration value, String name) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
    }
  }
}
