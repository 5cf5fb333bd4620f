package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.Backoff;
import io.ubernetes.agent.federation.FailureLog;
import io.ubernetes.agent.federation.FederationClient;
import io.ubernetes.agent.federation.FederationRejectedException;
import io.ubernetes.agent.federation.FederationUnavailableException;
import io.ubernetes.agent.federation.Membership;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.state.DesiredStateStore;
import io.ubernetes.agent.state.StoredState;
import java.time.Duration;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores the desired state from the member cluster, starts reconciling it, then long-polls the
 * federation's work feed for as long as the agent runs. The federation being unreachable only slows
 * the polling down: nothing is removed for want of a feed.
 */
public final class WorkLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(WorkLoop.class);

  private final DesiredState desired;
  private final DesiredStateStore store;
  private final Reconciler reconciler;
  private final FederationClient federation;
  private final Membership membership;
  private final Duration minPollInterval;
  private final Duration rejectedInterval;
  private final Backoff backoff;
  private final FailureLog failures = new FailureLog(log, "Polling the work feed");
  private final FailureLog restoreFailures;

  public WorkLoop(
      DesiredState desired,
      DesiredStateStore store,
      Reconciler reconciler,
      FederationClient federation,
      Membership membership,
      Duration minPollInterval,
      Duration rejectedInterval,
      Duration initialBackoff,
      Duration maxBackoff) {
    this.desired = desired;
    this.store = store;
    this.restoreFailures = new FailureLog(log, "Reading the stored state", store.apiServer());
    this.reconciler = reconciler;
    this.federation = federation;
    this.membership = membership;
    this.minPollInterval = minPollInterval;
    this.rejectedInterval = rejectedInterval;
    this.backoff = new Backoff(initialBackoff, maxBackoff);
  }

  @Override
  public void run() {
    try {
      restore();
      reconciler.start();
      poll();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void restore() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        StoredState stored = store.load().orElse(StoredState.EMPTY);
        desired.restore(stored);
        reconciler.restoredAt(desired.version());
        restoreFailures.succeeded();
        if (!stored.items().isEmpty() || !stored.tombstones().isEmpty()) {
          log.info(
              "Restored {} workloads at revision {} from the state ConfigMap",
              stored.items().size(),
              stored.revision());
        }
        return;
      } catch (KubernetesClientException e) {
        restoreFailures.failed(e);
        Thread.sleep(backoff.delay(attempt).toMillis());
      }
    }
  }

  private void poll() throws InterruptedException {
    int attempt = 0;
    long lastPoll = 0;
    while (!Thread.currentThread().isInterrupted()) {
      membership.awaitJoined();
      long wait = lastPoll + minPollInterval.toMillis() - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      lastPoll = System.currentTimeMillis();
      long since = desired.revision();
      Duration pause = Duration.ZERO;
      try {
        WorkFeed feed = federation.work(since);
        failures.succeeded();
        attempt = 0;
        take(feed, since);
      } catch (FederationUnavailableException e) {
        failures.failed(e);
        pause = backoff.delay(++attempt, e);
      } catch (FederationRejectedException e) {
        if (e.unauthorized()) {
          membership.credentialRejected(e.credentialEpoch());
        } else {
          failures.failed(e);
          pause = rejectedInterval;
        }
      } catch (RuntimeException e) {
        // Loop boundary: a bug in handling one feed must not stop the agent.
        log.error("Handling the work feed failed, will poll again", e);
        pause = backoff.delay(++attempt);
      }
      if (pause.isPositive()) {
        Thread.sleep(pause.toMillis());
      }
    }
  }

  private void take(WorkFeed feed, long since) {
    Set<WorkloadKey> changed = desired.apply(feed);
    if (!changed.isEmpty() || feed.revision() != since) {
      log.info(
          "Work feed at revision {} (since {}): {} items, {} tombstones",
          feed.revision(),
          since,
          feed.items().size(),
          feed.tombstones().size());
    }
    // Stored before applying: after a crash the agent resumes from here, and every step is
    // idempotent. When the member API server is down, the reconciler retries and the next
    // poll stores again.
    reconciler.saveState();
    // Cluster-scoped workloads first: they bring the definitions and namespaces others need.
    changed.stream().sorted(WorkloadKey.APPLY_ORDER).forEach(reconciler::enqueue);
  }
}
