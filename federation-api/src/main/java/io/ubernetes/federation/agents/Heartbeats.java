package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.NodeGroup;
import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStatus.NodeCapacity;
import io.ubernetes.federation.cluster.MemberClusterStatus.ResourceAmounts;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.SystemWrites;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Service;

/**
 * Takes a cluster's heartbeat: renews its lease, and writes its status (last heartbeat, capacity,
 * versions, and Ready: True when the agent reached its API server, False when it did not) only when
 * the heartbeat says something new or the status's last heartbeat time is older than the status
 * interval, as the kubelet renews its node Lease every 10 s and writes its Node's status only when
 * it changes. Each replica notes what it last wrote of each cluster, so it decides without a read;
 * a replica with no note of a cluster writes.
 */
@Service
class Heartbeats {
  static final String READY = "Ready";
  private static final int MAX_VERSION_LENGTH = 64;

  /** Node groups a heartbeat may carry; an agent grades its nodes down to far fewer. */
  static final int MAX_NODE_GROUPS = 256;

  /** A change of the clock skew by more than this is news; less is jitter of the network. */
  static final long SKEW_TOLERANCE_SECONDS = 5;

  private final SystemWrites writes;
  private final MemberClusterStrategy clusters;
  private final AgentReports reports;
  private final ClusterLeases leases;
  private final AgentProperties properties;
  private final Clock clock;
  private final Map<String, Written> written = new ConcurrentHashMap<>();

  Heartbeats(
      SystemWrites writes,
      MemberClusterStrategy clusters,
      AgentReports reports,
      ClusterLeases leases,
      AgentProperties properties,
      Clock clock) {
    this.writes = writes;
    this.clusters = clusters;
    this.reports = reports;
    this.leases = leases;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * What this replica last wrote of a cluster's heartbeats.
   *
   * @param said the heartbeat written, without its sending time
   * @param skew the clock skew written
   * @param at the last heartbeat time written
   * @param renewed when this replica last renewed the cluster's lease
   */
  private record Written(Heartbeat said, Long skew, Instant at, Instant renewed) {
    /**
     * Whether the status as written still says all this heartbeat says. Not when this replica saw
     * no heartbeat of the cluster for a whole timeout (counted once its renewal committed): the
     * failure detector, on whichever replica, may have turned it Unknown meanwhile.
     */
    boolean covers(
        Heartbeat beat, Long skew, Instant now, Instant renewed, AgentProperties properties) {
      return said.equals(beat)
          && closeEnough(this.skew, skew)
          && now.isBefore(at.plus(properties.heartbeatStatusInterval()))
          && !renewed.isAfter(this.renewed.plus(properties.heartbeatTimeout()));
    }

    private static boolean closeEnough(Long written, Long skew) {
      return written == null || skew == null
          ? written == null && skew == null
          : Math.abs(written - skew) <= SKEW_TOLERANCE_SECONDS;
    }
  }

  void record(String cluster, Heartbeat beat) {
    FieldErrors errors = new FieldErrors();
    amounts(beat.allocatable(), "allocatable", errors);
    amounts(beat.allocated(), "allocated", errors);
    version(beat.kubernetesVersion(), "kubernetesVersion", errors);
    version(beat.agentVersion(), "agentVersion", errors);
    nodes(beat.nodes(), errors);
    Instant sentAt = sentAt(beat.sentAt(), errors);
    errors.throwIfAny("Heartbeat", cluster);
    Instant now = clock.instant();
    Long skew =
        sentAt == null ? null : Math.round(Duration.between(now, sentAt).toMillis() / 1000.0);
    boolean first = leases.renew(cluster, now);
    Heartbeat said =
        new Heartbeat(
            beat.allocatable(),
            beat.allocated(),
            beat.kubernetesVersion(),
            beat.agentVersion(),
            beat.apiServerReachable(),
            beat.workRevision(),
            beat.nodes(),
            null);
    Written noted = written.get(cluster);
    if (!first && noted != null && noted.covers(said, skew, now, clock.instant(), properties)) {
      written.put(cluster, new Written(noted.said(), noted.skew(), noted.at(), now));
      return;
    }
    String ready = beat.apiServerReachable() ? "True" : "False";
    AtomicBoolean turned = new AtomicBoolean();
    writes.changeStatus(
        clusters,
        null,
        cluster,
        status -> {
          Condition before = Conditions.find(status.conditions(), READY);
          turned.set(before == null || "True".equals(before.status()) != beat.apiServerReachable());
          return new MemberClusterStatus(
              Conditions.set(
                  status.conditions(),
                  READY,
                  ready,
                  reason(status, beat),
                  beat.apiServerReachable()
                      ? "The agent reports its cluster healthy"
                      : "The agent cannot reach its cluster's API server",
                  null,
                  now),
              now.truncatedTo(ChronoUnit.SECONDS).toString(),
              resources(beat.allocatable()),
              resources(beat.allocated()),
              beat.kubernetesVersion(),
              beat.agentVersion(),
              // A newer agent's word, or what an older one left; never backwards by accident.
              beat.workRevision() != null ? beat.workRevision() : status.workRevision(),
              nodes(beat.nodes()),
              skew);
        });
    written.put(cluster, new Written(said, skew, now, now));
    if (turned.get()) {
      // Whether the cluster's word counts changed: so do its workloads' ready replicas.
      reports.refold(cluster);
    }
  }

  /**
   * Forgets what this replica wrote of a cluster, whose status someone else changed (the failure
   * detector) or which was deleted: its next heartbeat writes.
   */
  void forget(String cluster) {
    written.remove(cluster);
  }

  /**
   * Why the cluster is (not) ready. A cluster that was not ready and is again says so ({@code
   * Recovered}) for as long as it stays ready, so the scheduler can hold new replicas back from it
   * for a while.
   */
  private static String reason(MemberClusterStatus status, Heartbeat beat) {
    if (!beat.apiServerReachable()) {
      return "APIServerUnreachable";
    }
    Condition previous = Conditions.find(status.conditions(), READY);
    if (previous != null
        && !MemberClusterStrategy.NEVER_CONNECTED.equals(previous.reason())
        && (!"True".equals(previous.status())
            || MemberClusterStatus.RECOVERED.equals(previous.reason()))) {
      return MemberClusterStatus.RECOVERED;
    }
    return "HeartbeatReceived";
  }

  private static List<NodeCapacity> nodes(List<NodeGroup> groups) {
    return groups == null
        ? null
        : groups.stream().map(g -> new NodeCapacity(g.count(), resources(g.free()))).toList();
  }

  private static void nodes(List<NodeGroup> groups, FieldErrors errors) {
    if (groups == null) {
      return;
    }
    if (groups.size() > MAX_NODE_GROUPS) {
      errors.add("nodes", "at most " + MAX_NODE_GROUPS + " groups");
      return;
    }
    for (int i = 0; i < groups.size(); i++) {
      NodeGroup group = groups.get(i);
      if (group == null) {
        errors.required("nodes[" + i + "]");
        continue;
      }
      if (group.count() < 1) {
        errors.add("nodes[" + i + "].count", "must be at least 1");
      }
      amounts(group.free(), "nodes[" + i + "].free", errors);
    }
  }

  /** The agent's clock at sending, or null when an older agent left it out. */
  private static Instant sentAt(String sentAt, FieldErrors errors) {
    if (sentAt == null) {
      return null;
    }
    try {
      return Instant.parse(sentAt);
    } catch (DateTimeParseException e) {
      errors.add("sentAt", "must be an RFC 3339 time, e.g. 2026-12-07T10:00:00Z");
      return null;
    }
  }

  private static ResourceAmounts resources(Amounts amounts) {
    return new ResourceAmounts(amounts.cpu(), amounts.memory(), amounts.pods());
  }

  private static void amounts(Amounts amounts, String field, FieldErrors errors) {
    if (amounts == null) {
      errors.required(field);
      return;
    }
    KubernetesValidation.quantity(amounts.cpu(), field + ".cpu", errors);
    KubernetesValidation.quantity(amounts.memory(), field + ".memory", errors);
    KubernetesValidation.quantity(amounts.pods(), field + ".pods", errors);
  }

  private static void version(String version, String field, FieldErrors errors) {
    if (version != null && version.length() > MAX_VERSION_LENGTH) {
      errors.add(field, "at most " + MAX_VERSION_LENGTH + " characters");
    }
  }
}
