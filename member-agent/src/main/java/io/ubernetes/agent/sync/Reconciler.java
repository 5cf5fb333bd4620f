package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.federation.Backoff;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.state.DesiredStateStore;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Makes the member cluster match {@link DesiredState}, one workload at a time on one thread:
 * applies items, has tombstones and prunes carried out, and retries failures with backoff.
 * Workloads are queued by the work loop, by drift events and by a periodic resync; a workload
 * queued twice is reconciled once. The resync compares with the API server itself rather than the
 * drift informers' caches, so that a change a watch missed is still repaired.
 */
public final class Reconciler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

  /**
   * How soon an item whose objects wait (a custom resource for its definition) is tried again: not
   * backing off, as the member establishes a definition within seconds.
   */
  private static final Duration WAITING_RETRY = Duration.ofSeconds(1);

  private final DesiredState desired;
  private final StatePersister persister;
  private final ManifestApplier applier;
  private final ItemApplier items;
  private final WorkloadRemover remover;
  private final DriftWatcher watcher;
  private final KubeResources resources;
  private final ChangeSignal changes;
  private final Duration resyncInterval;
  private final Backoff backoff;
  private final ScheduledExecutorService executor;
  private final Set<WorkloadKey> queued = ConcurrentHashMap.newKeySet();
  private final Set<WorkloadKey> verify = ConcurrentHashMap.newKeySet();
  private final Map<WorkloadKey, ApplyOutcome> outcomes = new ConcurrentHashMap<>();
  private final Map<WorkloadKey, Integer> failures = new ConcurrentHashMap<>();
  private final URL apiServer;

  public Reconciler(
      KubernetesClient client,
      DesiredState desired,
      DesiredStateStore store,
      ApplyMode mode,
      ChangeSignal changes,
      Duration resyncInterval,
      Duration initialBackoff,
      Duration maxBackoff,
      ThreadFactory threads) {
    KubeResources resources = new KubeResources(client);
    this.resources = resources;
    this.apiServer = client.getMasterUrl();
    this.desired = desired;
    this.persister = new StatePersister(desired, store);
    this.changes = changes;
    this.watcher = new DriftWatcher(resources, this::enqueue, changes);
    this.applier = new ManifestApplier(resources, watcher::cached, mode);
    this.items =
        new ItemApplier(
            applier,
            new DryRunProbe(client, store::ensureNamespace),
            watcher,
            desired,
            resources,
            new EstablishmentWait(Clock.systemUTC(), EstablishmentWait.TIMEOUT));
    this.remover = new WorkloadRemover(resources, desired);
    this.resyncInterval = resyncInterval;
    this.backoff = new Backoff(initialBackoff, maxBackoff);
    this.executor = Executors.newSingleThreadScheduledExecutor(threads);
  }

  /** Starts the periodic resync; everything desired is reconciled at once. */
  public void start() {
    long period = resyncInterval.toMillis();
    executor.scheduleWithFixedDelay(this::resync, 0, period, TimeUnit.MILLISECONDS);
  }

  public void enqueue(WorkloadKey key) {
    if (queued.add(key)) {
      try {
        executor.execute(() -> run(key));
      } catch (RejectedExecutionException e) {
        // Closing: nothing more to reconcile.
        queued.remove(key);
      }
    }
  }

  /** The state as restored from the ConfigMap needs no saving. */
  public void restoredAt(long version) {
    persister.markSaved(version);
  }

  /** The work feed revision up to which the desired state is stored in the cluster. */
  public long savedRevision() {
    return persister.savedRevision();
  }

  /** Stores the desired state if it changed; false when the member API server failed. */
  public boolean saveState() {
    return persister.saveIfChanged();
  }

  public Optional<ApplyOutcome> outcome(WorkloadKey key) {
    return Optional.ofNullable(outcomes.get(key));
  }

  /** The managed object as the drift informer last saw it, if it did. */
  public Optional<HasMetadata> cached(ObjectRef ref) {
    return watcher.cached(ref);
  }

  /**
   * The managed object as the member has it: the drift informer's copy once its kind's informer has
   * synced (no request), else read from the API server; empty when it does not exist. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the API server fails.
   */
  public Optional<HasMetadata> live(ObjectRef ref) {
    return watcher.synced(ref) ? watcher.cached(ref) : Optional.ofNullable(resources.get(ref));
  }

  public ApplyMode applyMode() {
    return applier.mode();
  }

  @Override
  public void close() {
    executor.shutdownNow();
    watcher.close();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public boolean running() {
    return !executor.isShutdown();
  }

  private void resync() {
    desired.keys().stream()
        .sorted(WorkloadKey.APPLY_ORDER)
        .forEach(
            key -> {
              verify.add(key);
              enqueue(key);
            });
    persister.saveIfChanged();
  }

  @SuppressWarnings("try") // held for the try block, not referenced in it
  private void run(WorkloadKey key) {
    queued.remove(key);
    boolean fromServer = verify.remove(key);
    boolean retry;
    try (MDC.MDCCloseable object = MDC.putCloseable("object", "workload " + key)) {
      retry = reconcile(key, fromServer);
      ApplyOutcome outcome = outcomes.get(key);
      if (retry && outcome != null && outcome.waiting()) {
        failures.remove(key);
        executor.schedule(() -> enqueue(key), WAITING_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
    } catch (RuntimeException e) {
      // Loop boundary: one workload's failure must not stop the others.
      log.warn(
          "Reconciling workload {} failed, will try again: {}",
          key,
          FailureReason.of(e, apiServer));
      retry = true;
    }
    if (retry) {
      int attempt = failures.merge(key, 1, Integer::sum);
      executor.schedule(
          () -> enqueue(key), backoff.delay(attempt).toMillis(), TimeUnit.MILLISECONDS);
    } else {
      failures.remove(key);
    }
  }

  /**
   * Returns whether to try again.
   *
   * @param fromServer compare with the API server rather than the drift informers' caches
   */
  private boolean reconcile(WorkloadKey key, boolean fromServer) {
    Optional<WorkItem> item = desired.item(key);
    if (item.isEmpty()) {
      outcomes.remove(key);
      Optional<Tombstone> tombstone = desired.tombstone(key);
      if (tombstone.isEmpty()) {
        return false;
      }
      boolean removed = remover.remove(key, tombstone.get());
      if (removed) {
        persister.saveIfChanged();
        changes.raise();
      }
      return !removed;
    }
    ApplyOutcome outcome = items.apply(key, item.get(), fromServer, outcomes.get(key));
    if (outcome.applied()) {
      desired.appliedWhole(key, item.get());
    }
    ApplyOutcome previous = outcomes.put(key, outcome);
    if (!outcome.equals(previous)) {
      changes.raise();
    }
    // The objects the item dropped go only once the item's own objects are all in place: until
    // then, the previous set keeps running whole.
    boolean pruned = outcome.applied() && remover.prune(key, item.get());
    persister.saveIfChanged();
    return outcome.retriable() || outcome.waiting() || outcome.applied() && !pruned;
  }
}
