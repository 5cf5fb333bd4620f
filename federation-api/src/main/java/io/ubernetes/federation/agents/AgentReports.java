package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.scheduling.PlacementRepository;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.WorkloadReports;
import io.ubernetes.federation.workload.WorkloadStatuses;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Takes what agents report about their workloads and has each workload's status computed again (see
 * {@link WorkloadStatuses}); so is the status of every workload with a share on a cluster whose
 * reachability changed, so that a silent cluster's share is Unknown at once and counts no ready
 * replicas.
 */
@Service
class AgentReports {
  /** Pod issues kept per report, and the length of each message: the rest is noise. */
  private static final int MAX_ISSUES = 8;

  private static final int MAX_MESSAGE = 512;

  /** Objects kept per report, feedback values per object and the JSON length of each value. */
  private static final int MAX_OBJECTS = 64;

  private static final int MAX_FEEDBACK_VALUES = 16;
  private static final int MAX_FEEDBACK_LENGTH = 2048;

  /** Agents' reports stored in one transaction at most. */
  private static final int MAX_BATCH = 64;

  private static final Set<String> HEALTH =
      Set.of(
          ObjectStatus.HEALTHY,
          ObjectStatus.PROGRESSING,
          ObjectStatus.DEGRADED,
          ObjectStatus.UNKNOWN);

  private final PlacementRepository placements;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final WorkloadReports reports;
  private final WorkloadStatuses statuses;
  private final WorkStore work;
  private final MemberQuotaReports memberQuotas;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final JsonMapper json;
  private final BatchedCalls<Changed, Boolean> stores = new BatchedCalls<>(this::store, MAX_BATCH);

  AgentReports(
      PlacementRepository placements,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      WorkloadReports reports,
      WorkloadStatuses statuses,
      WorkStore work,
      MemberQuotaReports memberQuotas,
      Clock clock,
      TransactionTemplate transactions,
      JsonMapper json) {
    this.memberQuotas = memberQuotas;
    this.json = json;
    this.placements = placements;
    this.writes = writes;
    this.workloads = workloads;
    this.reports = reports;
    this.statuses = statuses;
    this.work = work;
    this.clock = clock;
    this.transactions = transactions;
  }

  /**
   * Takes one agent report. Workloads (and member quotas, see {@link MemberQuotaReports}) whose
   * report is what the federation already has (the agent repeats everything every interval) cost
   * nothing beyond one read; the others are stored and their workloads' status computed again in
   * one transaction, with a fixed number of statements however many there are, together with the
   * changes of the other agents' reports that come at the same time; the call returns once they are
   * committed. The quotas among them are locked first, then their workloads, each in uid order, as
   * admission locks a namespace's quotas before its workloads and every transaction that writes
   * rows referring to several workloads locks them.
   */
  void accept(String cluster, StatusReport report) {
    Map<UUID, WorkloadReport> byUid = new TreeMap<>();
    for (WorkloadReport workload : report.workloads()) {
      try {
        byUid.put(UUID.fromString(workload.workloadUid()), bounded(workload));
      } catch (IllegalArgumentException | NullPointerException e) {
        // Not a workload uid: nothing of the federation's.
      }
    }
    Map<UUID, WorkloadReport> changed = reports.changed(cluster, byUid);
    if (changed.isEmpty()) {
      return;
    }
    stores.call(new Changed(cluster, changed));
  }

  /** One agent report's changes. */
  private record Changed(String cluster, Map<UUID, WorkloadReport> reports) {}

  /**
   * Stores the changes of several agents' reports that come together in one transaction, each
   * workload's status computed once however many clusters reported about it: a Duplicated workload
   * on a thousand clusters is applied everywhere at about the same time, and its reports come
   * together.
   */
  private List<Boolean> store(List<Changed> batch) {
    transactions.executeWithoutResult(status -> acceptChanged(batch));
    return batch.stream().map(changed -> true).toList();
  }

  /**
   * Computes again the status of every workload with a share on this cluster: called when the
   * cluster became reachable or stopped being so.
   */
  void refold(String cluster) {
    transactions.executeWithoutResult(
        status -> {
          List<UUID> uids = placements.workloadsOn(cluster);
          statuses.refresh(writes.lockAll(workloads, uids), clock.instant());
        });
  }

  private void acceptChanged(List<Changed> batch) {
    Set<UUID> uids = new TreeSet<>();
    batch.forEach(changed -> uids.addAll(changed.reports().keySet()));
    // Reports about a member quota's ResourceQuota come under the quota's uid.
    Set<UUID> quotas = memberQuotas.lock(uids);
    Map<UUID, SystemWrites.Locked> locked = writes.lockAll(workloads, uids);
    Instant now = clock.instant();
    Map<UUID, SystemWrites.Locked> reported = new HashMap<>();
    for (Changed changed : batch) {
      // Reports about work this cluster was never given (or no longer has) are stale and ignored:
      // its work is looked up in this transaction, with the workloads locked.
      Set<UUID> mine = new TreeSet<>(changed.reports().keySet());
      mine.retainAll(locked.keySet());
      Set<UUID> live = work.assigned(changed.cluster(), mine);
      Map<UUID, WorkloadReport> current = new LinkedHashMap<>();
      mine.stream()
          .filter(live::contains)
          .forEach(uid -> current.put(uid, changed.reports().get(uid)));
      reports
          .store(changed.cluster(), current, now)
          .forEach(uid -> reported.put(uid, locked.get(uid)));
    }
    statuses.refresh(reported, now);
    for (Changed changed : batch) {
      Map<UUID, WorkloadReport> aboutQuotas = new LinkedHashMap<>();
      quotas.stream()
          .filter(changed.reports()::containsKey)
          .forEach(uid -> aboutQuotas.put(uid, changed.reports().get(uid)));
      memberQuotas.accept(changed.cluster(), aboutQuotas, now);
    }
  }

  /**
   * The report with at most a few pod issues and objects, each message of a sane length, each
   * object's feedback bounded.
   */
  private WorkloadReport bounded(WorkloadReport report) {
    List<PodIssue> issues = new ArrayList<>();
    for (PodIssue issue : report.podIssues()) {
      if (issue == null || issues.size() == MAX_ISSUES) {
        continue;
      }
      issues.add(
          new PodIssue(
              cut(issue.reason(), 64),
              cut(issue.message(), MAX_MESSAGE),
              issue.pods(),
              since(issue)));
    }
    return new WorkloadReport(
        report.workloadUid(),
        report.generation(),
        report.applied(),
        report.replicas(),
        report.readyReplicas(),
        report.errors(),
        report.services(),
        report.updatedReplicas(),
        report.availableReplicas(),
        issues,
        report.workloadRevision(),
        report.restarts(),
        objects(report.objects()));
  }

  private List<ObjectStatus> objects(List<ObjectStatus> reported) {
    List<ObjectStatus> objects = new ArrayList<>();
    for (ObjectStatus object : reported) {
      if (object == null || object.kind() == null || object.name() == null) {
        continue;
      }
      if (objects.size() == MAX_OBJECTS) {
        break;
      }
      Map<String, Object> feedback = new TreeMap<>();
      object
          .feedback()
          .forEach(
              (name, value) -> {
                if (feedback.size() < MAX_FEEDBACK_VALUES
                    && name.length() <= 253
                    && json.writeValueAsString(value).length() <= MAX_FEEDBACK_LENGTH) {
                  feedback.put(name, value);
                }
              });
      objects.add(
          new ObjectStatus(
              cut(object.apiVersion(), 253),
              cut(object.kind(), 253),
              cut(object.namespace(), 253),
              cut(object.name(), 253),
              object.health() == null
                  ? null
                  : HEALTH.contains(object.health()) ? object.health() : ObjectStatus.UNKNOWN,
              cut(object.reason(), 64),
              cut(object.message(), MAX_MESSAGE),
              feedback));
    }
    return objects;
  }

  private static String cut(String text, int length) {
    return text == null || text.length() <= length ? text : text.substring(0, length - 3) + "...";
  }

  /** The issue's time as an RFC 3339 instant, or null when it is not one. */
  private static String since(PodIssue issue) {
    Instant at = instant(issue.since());
    return at == null ? null : at.toString();
  }

  private static Instant instant(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
