package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a cluster's {@link Simulation} on one thread of its own: a pass right after the informers
 * see a change, when a pod is due to move on (checked every 250 ms), and every few seconds
 * regardless. Paused while the API server is failed; a resumed simulation starts over from what the
 * API server stores.
 */
final class Simulator {
  private static final Logger log = LoggerFactory.getLogger(Simulator.class);
  private static final long TICK_MILLIS = 250;
  private static final long MIN_GAP_MILLIS = 100;
  private static final Duration RESYNC = Duration.ofSeconds(5);
  private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

  private final ApiServer server;
  private final KubernetesClient client;
  private final Clock clock;
  private final String name;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean passQueued = new AtomicBoolean();
  private volatile boolean changed = true;
  private volatile ClusterDefinition definition;
  private volatile SimulatedCluster.State counts;

  // Confined to the simulator's thread.
  private Simulation simulation;
  private Instant nextDue;
  private Instant lastPass;
  private boolean failing;
  private volatile long lastPassNanos = System.nanoTime() - MIN_GAP_MILLIS * 1_000_000;

  /** Starts simulating; returns once the nodes exist (or the first pass failed). */
  Simulator(ApiServer server, KubernetesClient client, ClusterDefinition definition, Clock clock) {
    this.server = server;
    this.client = client;
    this.clock = clock;
    this.name = definition.name();
    this.definition = definition;
    this.counts = new SimulatedCluster.State(SimulatedCluster.State.Status.UP, 0, 0, 0);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("simulator-" + name).factory());
    try {
      resume();
    } catch (RuntimeException e) {
      thread.shutdownNow();
      throw e;
    }
    thread.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Node, running pod and pending pod counts after the last pass. */
  SimulatedCluster.State counts() {
    return counts;
  }

  /**
   * Nothing is simulated until {@link #resume}. {@code outage} (stopping the API server) runs after
   * the last pass and before the informers stop, so that the server closes their watches: the mock
   * API server can stall for a minute when a client closes a watch while events for it are on their
   * way.
   */
  void pause(Runnable outage) {
    call(
        () -> {
          outage.run();
          if (simulation != null) {
            simulation.stop();
            simulation = null;
          }
          return null;
        });
  }

  /** Starts over from what the API server stores; returns after the first pass. */
  void resume() {
    CompletableFuture<Void> synced =
        call(
            () -> {
              if (simulation != null) {
                return CompletableFuture.completedFuture(null);
              }
              simulation = new Simulation(client, definition, clock, this::changed);
              changed = true;
              return simulation.start();
            });
    try {
      synced.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      // The informers retry on their own; the passes wait for them.
      log.warn("Simulated cluster {}: informers not in sync yet: {}", name, e.toString());
    }
    call(
        () -> {
          pass();
          return null;
        });
  }

  /** New node capacity, written to the nodes at once if the API server answers. */
  void setCapacity(ClusterDefinition changedDefinition) {
    call(
        () -> {
          definition = changedDefinition;
          changed = true;
          if (simulation != null && simulation.synced()) {
            try {
              simulation.reconcileNodes(changedDefinition);
            } catch (KubernetesClientException e) {
              log.debug("Simulated cluster {}: nodes not updated yet: {}", name, e.toString());
            }
          }
          return null;
        });
  }

  /** Pauses for good, with {@code outage} as in {@link #pause}, and stops the thread. */
  void close(Runnable outage) {
    try {
      pause(outage);
    } catch (RejectedExecutionException e) {
      // Closed already.
    }
    thread.shutdownNow();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Simulated cluster {}: the simulator thread did not stop", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Called on informer threads. A pass follows at once, or {@value #MIN_GAP_MILLIS} ms after the
   * last one began: a burst of events (a pass's own writes coming back among them) makes one pass,
   * not one per event.
   */
  private void changed() {
    changed = true;
    if (passQueued.compareAndSet(false, true)) {
      long wait = MIN_GAP_MILLIS - (System.nanoTime() - lastPassNanos) / 1_000_000;
      try {
        thread.schedule(
            () -> {
              passQueued.set(false);
              pass();
            },
            Math.max(0, wait),
            TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Closing: no more passes.
      }
    }
  }

  private void tick() {
    server.forgetRequests();
    Instant now = clock.instant();
    boolean due = nextDue != null && !now.isBefore(nextDue);
    boolean stale = lastPass == null || Duration.between(lastPass, now).compareTo(RESYNC) >= 0;
    if (changed || due || stale) {
      pass();
    }
  }

  private void pass() {
    if (simulation == null || !simulation.synced()) {
      return;
    }
    changed = false;
    lastPass = clock.instant();
    lastPassNanos = System.nanoTime();
    try {
      nextDue = simulation.pass(definition).orElse(null);
      counts = simulation.counts();
      if (failing) {
        log.info("Simulated cluster {}: passes succeed again", name);
        failing = false;
      }
    } catch (RuntimeException e) {
      // The loop's boundary: the next tick retries.
      changed = true;
      if (!failing) {
        log.warn("Simulated cluster {}: a pass failed, retrying: {}", name, e.toString());
        failing = true;
      }
    }
  }

  /** Runs the task on the simulator's thread and waits for it. */
  private <T> T call(Callable<T> task) {
    try {
      return thread.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the simulator", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
