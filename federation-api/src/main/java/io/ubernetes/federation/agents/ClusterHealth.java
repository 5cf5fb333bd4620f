package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.DecodedObjects;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.scheduling.FailoverGate;
import io.ubernetes.federation.scheduling.SchedulerLeadership;
import io.ubernetes.federation.security.AgentCredentials;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The failure detector. On the active instance, every few seconds: a joined cluster whose agent has
 * not sent a heartbeat within the timeout becomes {@code Ready=Unknown, reason HeartbeatTimeout}. A
 * heartbeat is the later of the cluster's lease renewal and its status's last heartbeat time, which
 * heartbeats that say nothing new leave alone for a while. When more than the partition threshold
 * of joined clusters go silent at once, the federation assumes that it is the one cut off: it
 * pauses failover (replicas stay put), logs the event and raises a metric, until heartbeats return.
 */
@Component
class ClusterHealth {
  private static final Logger log = LoggerFactory.getLogger(ClusterHealth.class);

  private final AgentCredentials credentials;
  private final ResourceReader reader;
  private final SystemWrites writes;
  private final MemberClusterStrategy clusters;
  private final SchedulerLeadership leadership;
  private final FailoverGate failover;
  private final WorkStore work;
  private final AgentReports reports;
  private final ClusterLeases leases;
  private final Heartbeats heartbeats;
  private final AgentProperties properties;
  private final Clock clock;
  // Each check decodes only the clusters a heartbeat (or anything else) changed since the last.
  private final DecodedObjects<MemberCluster, ?, ?> decoded;
  private volatile Instant listening;

  ClusterHealth(
      AgentCredentials credentials,
      ResourceReader reader,
      SystemWrites writes,
      MemberClusterStrategy clusters,
      SchedulerLeadership leadership,
      FailoverGate failover,
      WorkStore work,
      AgentReports reports,
      ClusterLeases leases,
      Heartbeats heartbeats,
      AgentProperties properties,
      Clock clock) {
    this.credentials = credentials;
    this.reader = reader;
    this.writes = writes;
    this.clusters = clusters;
    this.decoded = new DecodedObjects<>(clusters);
    this.leadership = leadership;
    this.failover = failover;
    this.work = work;
    this.reports = reports;
    this.leases = leases;
    this.heartbeats = heartbeats;
    this.properties = properties;
    this.clock = clock;
  }

  /** Heartbeats can arrive from now on; silence before this moment says nothing about agents. */
  @EventListener(ApplicationReadyEvent.class)
  void listening() {
    listening = clock.instant();
  }

  @Scheduled(fixedDelayString = "${ubernetes.agents.health-check-interval:5s}")
  void check() {
    if (!leadership.isLeader() || listening == null) {
      return;
    }
    Instant now = clock.instant();
    Set<String> joined = new HashSet<>(credentials.joinedClusters());
    Map<String, Instant> renewals = leases.renewals();
    List<MemberCluster> silent = new ArrayList<>();
    for (MemberCluster cluster : decoded.current(reader)) {
      String name = cluster.metadata().name();
      if (joined.contains(name) && silent(cluster.status(), renewals.get(name), now)) {
        silent.add(cluster);
      }
    }
    judgePartition(joined.size(), silent.size());
    for (MemberCluster cluster : silent) {
      timeOut(cluster.metadata().name(), now);
    }
    work.purgeTombstones(now.minus(properties.tombstoneRetention()));
  }

  /**
   * No heartbeat within the timeout, counting from the last one or, for an agent that has not sent
   * one yet, from when its cluster joined; and never before this instance has listened for a whole
   * timeout, since no heartbeat could arrive while the service was down.
   */
  private boolean silent(MemberClusterStatus status, Instant renewed, Instant now) {
    if (status == null) {
      return false;
    }
    Instant last = lastHeartbeat(status, renewed);
    Condition joined = Conditions.find(status.conditions(), Admissions.JOINED);
    Instant since = joined == null ? null : parse(joined.lastTransitionTime());
    if (last == null || (since != null && since.isAfter(last))) {
      last = since;
    }
    if (last != null && listening.isAfter(last)) {
      last = listening;
    }
    return last != null && now.isAfter(last.plus(properties.heartbeatTimeout()));
  }

  /** The later of the lease's renewal and the status's last heartbeat time, or null for neither. */
  private static Instant lastHeartbeat(MemberClusterStatus status, Instant renewed) {
    Instant written = parse(status.lastHeartbeatTime());
    return written == null || (renewed != null && renewed.isAfter(written)) ? renewed : written;
  }

  private void judgePartition(int joined, int silent) {
    boolean suspected = joined >= 2 && silent > properties.partitionThreshold() * joined;
    if (suspected && !failover.paused()) {
      String because =
          silent
              + " of "
              + joined
              + " clusters stopped sending heartbeats at once: the federation"
              + " is probably cut off from them, not they from their workloads";
      failover.pause(because);
      log.warn("Event: PartitionSuspected - {}; failover paused", because);
    } else if (!suspected && failover.paused()) {
      failover.resume();
      log.warn("Event: PartitionOver - heartbeats are back; failover resumed");
    }
  }

  private void timeOut(String cluster, Instant now) {
    AtomicBoolean timedOut = new AtomicBoolean();
    writes.changeStatus(
        clusters,
        null,
        cluster,
        status -> {
          Condition ready = Conditions.find(status.conditions(), Heartbeats.READY);
          Instant renewed = leases.renewal(cluster).orElse(null);
          if ((ready != null && "Unknown".equals(ready.status()))
              || !silent(status, renewed, now)) {
            // Already Unknown, or a heartbeat came in since the clusters were read.
            return status;
          }
          Instant last = lastHeartbeat(status, renewed);
          log.warn("Cluster {}: no heartbeat since {}; Ready is now Unknown", cluster, last);
          timedOut.set(ready == null || "True".equals(ready.status()));
          return status.withConditions(
              Conditions.set(
                  status.conditions(),
                  Heartbeats.READY,
                  "Unknown",
                  "HeartbeatTimeout",
                  "No heartbeat since " + since(last),
                  null,
                  now));
        });
    // Its next heartbeat, if any reaches this replica, writes Ready again.
    heartbeats.forget(cluster);
    if (timedOut.get()) {
      // Its workloads' shares there are Unknown from now on, and count no ready replicas.
      reports.refold(cluster);
    }
  }

  /** As the status gives its times: to the second. */
  private static String since(Instant last) {
    return last == null ? null : last.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Instant parse(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
