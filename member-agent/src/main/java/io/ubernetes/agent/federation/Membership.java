package io.ubernetes.agent.federation;

import io.ubernetes.agent.state.AgentCredentials;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the agent stands with the federation, shared by its loops: the {@link JoinLoop} moves it
 * forward, the other loops wait for {@link #awaitJoined()} and report a credential the federation
 * no longer accepts with {@link #credentialRejected(long)}.
 */
public final class Membership {
  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  /** Where membership stands. */
  public enum Phase {
    STARTING,
    JOINING,
    AWAITING_APPROVAL,
    REFUSED,
    JOINED
  }

  private final FederationClient federation;
  private final Backoff backoff;
  private final Duration quickRejection;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Phase phase = Phase.STARTING;
  private AgentCredentials credentials;
  private boolean storeBehind;
  private long joinedAt;
  private int quickRejections;
  private long rejoinAfter;

  /**
   * @param quickRejection a credential rejected sooner than this after it was issued makes the next
   *     join wait (with growing backoff) instead of following at once
   */
  public Membership(FederationClient federation, Backoff backoff, Duration quickRejection) {
    this.federation = federation;
    this.backoff = backoff;
    this.quickRejection = quickRejection;
  }

  public Phase phase() {
    lock.lock();
    try {
      return phase;
    } finally {
      lock.unlock();
    }
  }

  public boolean joined() {
    return phase() == Phase.JOINED;
  }

  /** Blocks until the agent holds a credential the federation accepts (as far as it knows). */
  public void awaitJoined() throws InterruptedException {
    lock.lock();
    try {
      while (phase != Phase.JOINED) {
        changed.await();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * A call with the credential of {@code epoch} got 401: the credential was revoked or rotated. The
   * agent joins again, unless a newer credential is in use already.
   */
  public void credentialRejected(long epoch) {
    lock.lock();
    try {
      if (phase != Phase.JOINED || !federation.forgetCredential(epoch)) {
        return;
      }
      log.warn(
          "The federation no longer accepts this cluster's credential (HTTP 401): joining again");
      boolean quickly = System.nanoTime() - joinedAt < quickRejection.toNanos();
      quickRejections = quickly ? quickRejections + 1 : 0;
      rejoinAfter = System.nanoTime() + (quickly ? backoff.delay(quickRejections).toNanos() : 0);
      credentials = credentials.withCredential(null);
      storeBehind = true;
      phase = Phase.JOINING;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The credentials as stored in the cluster (or just created): joined if there is one. */
  void loaded(AgentCredentials stored) {
    lock.lock();
    try {
      credentials = stored;
      if (stored.credential() != null) {
        federation.useCredential(stored.credential());
        joinedAt = System.nanoTime();
        phase = Phase.JOINED;
      } else {
        phase = Phase.JOINING;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  String requestId() {
    lock.lock();
    try {
      return credentials.requestId();
    } finally {
      lock.unlock();
    }
  }

  /** The federation admitted the cluster with this credential. */
  void admitted(String credential) {
    lock.lock();
    try {
      federation.useCredential(credential);
      joinedAt = System.nanoTime();
      credentials = credentials.withCredential(credential);
      storeBehind = true;
      phase = Phase.JOINED;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Moves to {@code next}; returns the phase before. */
  Phase enter(Phase next) {
    lock.lock();
    try {
      Phase before = phase;
      phase = next;
      changed.signalAll();
      return before;
    } finally {
      lock.unlock();
    }
  }

  /** The credentials to write to the Secret, or null when it is up to date. */
  AgentCredentials unstored() {
    lock.lock();
    try {
      return storeBehind ? credentials : null;
    } finally {
      lock.unlock();
    }
  }

  void stored(AgentCredentials written) {
    lock.lock();
    try {
      if (credentials == written) {
        storeBehind = false;
      }
    } finally {
      lock.unlock();
    }
  }

  /** How long to wait before joining again after a quick rejection; zero otherwise. */
  Duration rejoinPause() {
    lock.lock();
    try {
      return Duration.ofNanos(Math.max(0, rejoinAfter - System.nanoTime()));
    } finally {
      lock.unlock();
    }
  }

  /** Waits until membership is lost, or {@code timeout} passes (null: no timeout). */
  void awaitNotJoined(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      if (timeout == null) {
        while (phase == Phase.JOINED) {
          changed.await();
        }
      } else if (phase == Phase.JOINED) {
        changed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }
}
