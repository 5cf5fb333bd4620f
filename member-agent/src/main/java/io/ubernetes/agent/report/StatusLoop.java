package io.ubernetes.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.Backoff;
import io.ubernetes.agent.federation.FailureLog;
import io.ubernetes.agent.federation.FederationClient;
import io.ubernetes.agent.federation.FederationRejectedException;
import io.ubernetes.agent.federation.FederationUnavailableException;
import io.ubernetes.agent.federation.Membership;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.agent.sync.ChangeSignal;
import io.ubernetes.agent.sync.DesiredState;
import io.ubernetes.agent.sync.Reconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports workload status when it changes (at most once per debounce period) and all of it at least
 * every heartbeat interval. Latest wins: while the federation is unreachable only the newest report
 * of each workload is kept, and that is what reaches it on reconnect, never a backlog.
 */
public final class StatusLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(StatusLoop.class);

  private final WorkloadStatusReader reader;
  private final FederationClient federation;
  private final Membership membership;
  private final ChangeSignal changes;
  private final Duration interval;
  private final Duration debounce;
  private final Duration rejectedInterval;
  private final Backoff backoff;
  private final FailureLog federationFailures = new FailureLog(log, "Sending status reports");
  private final FailureLog apiFailures;

  /** Reports not sent yet, newest per workload uid. */
  private final Map<String, WorkloadReport> pending = new LinkedHashMap<>();

  private final Map<String, WorkloadReport> sent = new HashMap<>();
  private long lastFull;

  public StatusLoop(
      KubernetesClient client,
      DesiredState desired,
      Reconciler reconciler,
      FederationClient federation,
      Membership membership,
      ChangeSignal changes,
      Duration interval,
      Duration debounce,
      Duration rejectedInterval,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.reader = new WorkloadStatusReader(client, desired, reconciler);
    this.apiFailures =
        new FailureLog(
            log, "Reading workload status from the member API server", client.getMasterUrl());
    this.federation = federation;
    this.membership = membership;
    this.changes = changes;
    this.interval = interval;
    this.debounce = debounce;
    this.rejectedInterval = rejectedInterval;
    this.backoff = new Backoff(initialBackoff, maxBackoff);
  }

  @Override
  public void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        membership.awaitJoined();
        Duration pause;
        try {
          pause = report();
        } catch (RuntimeException e) {
          // Loop boundary: a bug in one report must not end reporting.
          log.error("Reporting status failed, going on", e);
          pause = backoff.delay(Integer.MAX_VALUE);
        }
        // Sleep first so a burst of changes makes one report, then wait for the next change.
        Thread.sleep(Math.max(debounce.toMillis(), pause.toMillis()));
        long untilFull = lastFull + interval.toMillis() - System.currentTimeMillis();
        if (pending.isEmpty() && untilFull > 0) {
          changes.await(Duration.ofMillis(untilFull));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Collects and sends once; returns how long to wait before trying again. */
  Duration report() {
    long now = System.currentTimeMillis();
    boolean full = now - lastFull >= interval.toMillis();
    try {
      Map<String, WorkloadReport> current = reader.read(full);
      apiFailures.succeeded();
      pending.keySet().retainAll(current.keySet());
      sent.keySet().retainAll(current.keySet());
      current.forEach(
          (uid, report) -> {
            if (full || !report.equals(sent.get(uid))) {
              pending.put(uid, report);
            }
          });
    } catch (KubernetesClientException e) {
      // Nothing new to tell; what is pending still goes out.
      apiFailures.failed(e);
    }
    if (pending.isEmpty()) {
      if (full) {
        lastFull = now;
      }
      return Duration.ZERO;
    }
    List<WorkloadReport> batch = new ArrayList<>(pending.values());
    try {
      federation.status(new StatusReport(batch));
      federationFailures.succeeded();
      batch.forEach(report -> sent.put(report.workloadUid(), report));
      pending.clear();
      if (full) {
        lastFull = now;
      }
      return Duration.ZERO;
    } catch (FederationUnavailableException e) {
      federationFailures.failed(e);
      return backoff.delay(federationFailures.consecutiveFailures(), e);
    } catch (FederationRejectedException e) {
      if (e.unauthorized()) {
        membership.credentialRejected(e.credentialEpoch());
        return Duration.ZERO;
      }
      // The federation refuses this report (a bug on one side): do not resend it in a loop.
      federationFailures.failed(e);
      batch.forEach(report -> sent.put(report.workloadUid(), report));
      pending.clear();
      return rejectedInterval;
    }
  }
}
