package io.ubernetes.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.FailureLog;
import io.ubernetes.agent.federation.FederationClient;
import io.ubernetes.agent.federation.FederationRejectedException;
import io.ubernetes.agent.federation.FederationUnavailableException;
import io.ubernetes.agent.federation.Membership;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.report.CapacityReader.Capacity;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a heartbeat every interval, on its own schedule: the capacity and the nodes' free resources
 * read just now, or, when the member API server does not answer, the last known ones with {@code
 * apiServerReachable} false.
 */
public final class HeartbeatLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatLoop.class);

  private final CapacityReader capacity;
  private final ClusterInfo info;
  private final FederationClient federation;
  private final Membership membership;
  private final Duration interval;
  private final LongSupplier workRevision;
  private final FailureLog federationFailures = new FailureLog(log, "Sending heartbeats");
  private final FailureLog apiFailures;
  private Capacity lastKnown = Capacity.UNKNOWN;

  public HeartbeatLoop(
      KubernetesClient client,
      ClusterInfo info,
      FederationClient federation,
      Membership membership,
      Duration interval,
      LongSupplier workRevision) {
    this.capacity = new CapacityReader(client);
    this.apiFailures =
        new FailureLog(
            log, "Reading the capacity from the member API server", client.getMasterUrl());
    this.info = info;
    this.federation = federation;
    this.membership = membership;
    this.interval = interval;
    this.workRevision = workRevision;
  }

  @Override
  public void run() {
    try {
      long next = System.currentTimeMillis();
      while (!Thread.currentThread().isInterrupted()) {
        membership.awaitJoined();
        long wait = next - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        Duration retryAfter = Duration.ZERO;
        try {
          retryAfter = beat();
        } catch (RuntimeException e) {
          // Loop boundary: the next heartbeat goes out on time whatever happened to this one.
          log.error("Sending a heartbeat failed, going on", e);
        }
        long now = System.currentTimeMillis();
        next += interval.toMillis();
        if (next < now) {
          // Fell behind (joining, a slow call): keep the pace from now instead of bursting.
          next = now + interval.toMillis();
        }
        next = Math.max(next, now + retryAfter.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends one heartbeat; returns how long the federation asked the agent to wait. */
  Duration beat() {
    boolean reachable;
    try {
      lastKnown = capacity.read();
      reachable = true;
      apiFailures.succeeded();
    } catch (KubernetesClientException e) {
      reachable = false;
      apiFailures.failed(e);
    }
    Heartbeat heartbeat =
        new Heartbeat(
            lastKnown.allocatable().toAmounts(),
            lastKnown.allocated().toAmounts(),
            reachable ? info.kubernetesVersion() : info.lastKnownKubernetesVersion(),
            info.agentVersion(),
            reachable,
            workRevision.getAsLong(),
            lastKnown.nodes(),
            Instant.now().toString());
    try {
      federation.heartbeat(heartbeat);
      federationFailures.succeeded();
    } catch (FederationUnavailableException e) {
      federationFailures.failed(e);
      return e.retryAfter().orElse(Duration.ZERO);
    } catch (FederationRejectedException e) {
      if (e.unauthorized()) {
        membership.credentialRejected(e.credentialEpoch());
      } else {
        federationFailures.failed(e);
      }
    }
    return Duration.ZERO;
  }
}
