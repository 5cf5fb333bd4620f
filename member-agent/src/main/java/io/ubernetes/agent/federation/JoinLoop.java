package io.ubernetes.agent.federation;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.Membership.Phase;
import io.ubernetes.agent.protocol.ClusterFacts;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.state.AgentCredentials;
import io.ubernetes.agent.state.CredentialStore;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the agent a member: loads the credential and join request id from the credentials Secret
 * (creating the request id on first start); joins when there is no credential, and again when the
 * federation stops accepting it; waits for approval at the heartbeat pace; when refused (401, 403,
 * 409) says so once and asks again at a slow pace; and writes what it obtains to the Secret.
 */
public final class JoinLoop implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(JoinLoop.class);

  private final Membership membership;
  private final FederationClient federation;
  private final CredentialStore store;
  private final String cluster;
  private final String joinToken;
  private final Supplier<ClusterFacts> facts;
  private final Duration approvalInterval;
  private final Duration refusedInterval;
  private final Backoff backoff;
  private final FailureLog failures = new FailureLog(log, "Joining the federation");
  private final FailureLog storeFailures;
  private int refusedStatus;

  public JoinLoop(
      Membership membership,
      FederationClient federation,
      CredentialStore store,
      String cluster,
      String joinToken,
      Supplier<ClusterFacts> facts,
      Duration approvalInterval,
      Duration refusedInterval,
      Backoff backoff) {
    this.membership = membership;
    this.federation = federation;
    this.store = store;
    this.storeFailures =
        new FailureLog(log, "Reading or writing the credentials Secret", store.apiServer());
    this.cluster = cluster;
    this.joinToken = joinToken;
    this.facts = facts;
    this.approvalInterval = approvalInterval;
    this.refusedInterval = refusedInterval;
    this.backoff = backoff;
  }

  @Override
  public void run() {
    try {
      load();
      while (!Thread.currentThread().isInterrupted()) {
        try {
          boolean stored = storeIfBehind();
          Duration pause =
              stored ? Duration.ZERO : backoff.delay(storeFailures.consecutiveFailures());
          if (membership.joined()) {
            membership.awaitNotJoined(stored ? null : pause);
          } else {
            sleep(membership.rejoinPause());
            sleep(max(pause, join()));
          }
        } catch (RuntimeException e) {
          // Loop boundary: membership must go on whatever happened.
          log.error("The membership loop failed, going on", e);
          sleep(backoff.delay(Integer.MAX_VALUE));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void load() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        Optional<AgentCredentials> stored = store.load();
        AgentCredentials loaded =
            stored.orElseGet(() -> new AgentCredentials(null, UUID.randomUUID().toString()));
        if (stored.isEmpty()) {
          // The request id must survive a restart before it is ever sent.
          store.save(loaded);
        }
        storeFailures.succeeded();
        membership.loaded(loaded);
        if (loaded.credential() != null) {
          log.info("Using the stored credential of cluster {}", cluster);
        }
        return;
      } catch (KubernetesClientException e) {
        storeFailures.failed(e);
        Thread.sleep(backoff.delay(attempt).toMillis());
      }
    }
  }

  /** Asks to join once; returns how long to wait before asking again. */
  private Duration join() {
    try {
      JoinResponse response =
          federation.join(new JoinRequest(cluster, joinToken, membership.requestId(), facts.get()));
      failures.succeeded();
      if (response.state() == JoinResponse.State.JOINED
          && response.credential() != null
          && !response.credential().isBlank()) {
        membership.admitted(response.credential());
        refusedStatus = 0;
        log.info("Joined the federation as cluster {}", cluster);
        storeIfBehind();
        return Duration.ZERO;
      }
      if (response.state() == JoinResponse.State.AWAITING_APPROVAL) {
        if (membership.enter(Phase.AWAITING_APPROVAL) != Phase.AWAITING_APPROVAL) {
          log.info(
              "The join request of cluster {} awaits an operator's approval{}",
              cluster,
              response.message() == null ? "" : ": " + response.message());
        }
        return approvalInterval;
      }
      failures.failed(
          new IllegalStateException(
              "the federation answered " + response.state() + " without a credential"));
      return refusedInterval;
    } catch (FederationRejectedException e) {
      return refused(e);
    } catch (FederationUnavailableException e) {
      failures.failed(e);
      return backoff.delay(failures.consecutiveFailures(), e);
    }
  }

  private Duration refused(FederationRejectedException e) {
    Phase before = membership.enter(Phase.REFUSED);
    if (before != Phase.REFUSED || refusedStatus != e.status()) {
      log.error(
          "The federation refused cluster {}: {} ({}); asking again every {}",
          cluster,
          refusal(e.status()),
          e.getMessage(),
          refusedInterval.toSeconds() + "s");
    }
    refusedStatus = e.status();
    return refusedInterval;
  }

  private static String refusal(int status) {
    return switch (status) {
      case 401 -> "the join token was not accepted";
      case 403 -> "the join request was denied";
      case 409 -> "the cluster name is already joined by another agent";
      default -> "the join request is invalid";
    };
  }

  /**
   * Writes the credentials to the Secret if they changed; returns whether the Secret is current.
   */
  private boolean storeIfBehind() {
    AgentCredentials unstored = membership.unstored();
    if (unstored == null) {
      return true;
    }
    try {
      if (unstored.credential() == null) {
        store.forgetCredential();
      } else {
        store.save(unstored);
      }
      storeFailures.succeeded();
      membership.stored(unstored);
      return true;
    } catch (KubernetesClientException e) {
      storeFailures.failed(e);
      return false;
    }
  }

  private static void sleep(Duration pause) throws InterruptedException {
    if (pause.isPositive()) {
      Thread.sleep(pause.toMillis());
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
