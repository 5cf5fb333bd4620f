package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.state.StoredState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the federation asked this cluster to run, kept in memory and mirrored to the state
 * ConfigMap: the desired items, the tombstones and prunes still to carry out, and the feed
 * revision, and per workload the last item whose objects were all applied (so that a restarted
 * agent still knows which workload revision its objects are). Only a {@link Tombstone} or an item
 * that drops an object leads to a deletion; nothing else removes anything from here.
 */
public final class DesiredState {
  private long revision;
  private long version;
  private final Map<WorkloadKey, WorkItem> items = new LinkedHashMap<>();
  private final Map<WorkloadKey, Tombstone> tombstones = new LinkedHashMap<>();
  private final Map<WorkloadKey, Set<ObjectRef>> prunes = new LinkedHashMap<>();
  private final Map<WorkloadKey, WorkItem> renderErrors = new LinkedHashMap<>();
  private final Map<WorkloadKey, StoredState.Applied> applied = new LinkedHashMap<>();

  public synchronized void restore(StoredState stored) {
    items.clear();
    tombstones.clear();
    prunes.clear();
    applied.clear();
    stored.applied().forEach(a -> applied.put(new WorkloadKey(a.namespace(), a.name()), a));
    revision = stored.revision();
    stored.items().forEach(item -> items.put(key(item), item));
    stored.tombstones().forEach(t -> tombstones.put(new WorkloadKey(t.namespace(), t.name()), t));
    stored
        .prunes()
        .forEach(
            p ->
                prunes.put(
                    new WorkloadKey(p.namespace(), p.name()), new LinkedHashSet<>(p.objects())));
    version++;
  }

  /**
   * Takes in a feed: items replace their workload's desired state, tombstones remove it; within the
   * feed, the higher revision wins. Returns the workloads to reconcile.
   */
  public synchronized Set<WorkloadKey> apply(WorkFeed feed) {
    record Change(long revision, WorkItem item, Tombstone tombstone) {}
    List<Change> changes = new ArrayList<>();
    feed.items().forEach(item -> changes.add(new Change(item.revision(), item, null)));
    feed.tombstones().forEach(t -> changes.add(new Change(t.revision(), null, t)));
    changes.sort(Comparator.comparingLong(Change::revision));

    Set<WorkloadKey> changed = new LinkedHashSet<>();
    for (Change change : changes) {
      if (change.item() != null) {
        applyItem(change.item()).ifPresent(changed::add);
      } else {
        applyTombstone(change.tombstone()).ifPresent(changed::add);
      }
    }
    if (!changed.isEmpty() || feed.revision() != revision) {
      version++;
    }
    revision = feed.revision();
    return changed;
  }

  private Optional<WorkloadKey> applyItem(WorkItem item) {
    WorkloadKey key = key(item);
    WorkItem current = items.get(key);
    if (current != null && item.revision() < current.revision()) {
      return Optional.empty();
    }
    Tombstone tombstone = tombstones.get(key);
    if (tombstone != null && item.revision() < tombstone.revision()) {
      return Optional.empty();
    }
    if (item.error() != null) {
      // The federation could not render this cluster's manifests: keep running the last ones.
      renderErrors.put(key, item);
      return Optional.of(key);
    }
    renderErrors.remove(key);
    tombstones.remove(key);
    items.put(key, item);
    // Objects the workload had (or was about to lose entirely) and no longer has.
    Set<ObjectRef> dropped = new LinkedHashSet<>();
    if (current != null) {
      dropped.addAll(Manifests.refs(current));
    }
    if (tombstone != null) {
      dropped.addAll(tombstone.objects());
    }
    Set<ObjectRef> wanted = Manifests.refs(item);
    dropped.removeAll(wanted);
    Set<ObjectRef> pending = prunes.computeIfAbsent(key, k -> new LinkedHashSet<>());
    pending.removeAll(wanted);
    pending.addAll(dropped);
    if (pending.isEmpty()) {
      prunes.remove(key);
    }
    return Optional.of(key);
  }

  private Optional<WorkloadKey> applyTombstone(Tombstone tombstone) {
    WorkloadKey key = new WorkloadKey(tombstone.namespace(), tombstone.name());
    WorkItem current = items.get(key);
    if (current != null && current.revision() > tombstone.revision()) {
      return Optional.empty();
    }
    Set<ObjectRef> objects = new LinkedHashSet<>(tombstone.objects());
    if (current != null) {
      objects.addAll(Manifests.refs(current));
    }
    Tombstone pending = tombstones.get(key);
    if (pending != null) {
      objects.addAll(pending.objects());
    }
    Set<ObjectRef> pendingPrunes = prunes.remove(key);
    if (pendingPrunes != null) {
      objects.addAll(pendingPrunes);
    }
    items.remove(key);
    renderErrors.remove(key);
    applied.remove(key);
    tombstones.put(
        key,
        new Tombstone(
            tombstone.workloadUid(),
            tombstone.namespace(),
            tombstone.name(),
            tombstone.revision(),
            List.copyOf(objects)));
    return Optional.of(key);
  }

  public synchronized StoredState snapshot() {
    List<StoredState.Prune> pending = new ArrayList<>();
    prunes.forEach(
        (key, refs) ->
            pending.add(new StoredState.Prune(key.namespace(), key.name(), List.copyOf(refs))));
    return new StoredState(
        revision,
        List.copyOf(items.values()),
        List.copyOf(tombstones.values()),
        pending,
        List.copyOf(applied.values()));
  }

  public synchronized long revision() {
    return revision;
  }

  /** Grows with every change; tells whether the stored copy is behind. */
  public synchronized long version() {
    return version;
  }

  public synchronized Optional<WorkItem> item(WorkloadKey key) {
    return Optional.ofNullable(items.get(key));
  }

  public synchronized List<WorkItem> items() {
    return List.copyOf(items.values());
  }

  public synchronized Optional<Tombstone> tombstone(WorkloadKey key) {
    return Optional.ofNullable(tombstones.get(key));
  }

  public synchronized Set<ObjectRef> prunes(WorkloadKey key) {
    Set<ObjectRef> refs = prunes.get(key);
    return refs == null ? Set.of() : Set.copyOf(refs);
  }

  /** The federation's latest error for this workload's manifests, if its latest item had one. */
  public synchronized Optional<WorkItem> renderError(WorkloadKey key) {
    return Optional.ofNullable(renderErrors.get(key));
  }

  /** Every workload with something to do or to report. */
  public synchronized Set<WorkloadKey> keys() {
    Set<WorkloadKey> keys = new LinkedHashSet<>(items.keySet());
    keys.addAll(tombstones.keySet());
    keys.addAll(prunes.keySet());
    keys.addAll(renderErrors.keySet());
    return keys;
  }

  /** The last item of the workload whose objects were all applied, if any was. */
  public synchronized Optional<StoredState.Applied> applied(WorkloadKey key) {
    return Optional.ofNullable(applied.get(key));
  }

  /** Whether every object of this very item was applied (since, drift may have changed some). */
  public synchronized boolean wasApplied(WorkloadKey key, WorkItem item) {
    StoredState.Applied last = applied.get(key);
    return last != null && last.revision() == item.revision();
  }

  /** Every object of the item is applied: from now on, its workload revision is what runs. */
  synchronized void appliedWhole(WorkloadKey key, WorkItem item) {
    StoredState.Applied now =
        new StoredState.Applied(
            key.namespace(),
            key.name(),
            item.revision(),
            item.generation(),
            item.workloadRevision());
    if (!now.equals(applied.put(key, now))) {
      version++;
    }
  }

  public synchronized void tombstoneDone(WorkloadKey key, Tombstone done) {
    if (tombstones.remove(key, done)) {
      version++;
    }
  }

  public synchronized void prunesDone(WorkloadKey key, Set<ObjectRef> done) {
    Set<ObjectRef> refs = prunes.get(key);
    if (refs != null && refs.removeAll(done)) {
      if (refs.isEmpty()) {
        prunes.remove(key);
      }
      version++;
    }
  }

  private static WorkloadKey key(WorkItem item) {
    return new WorkloadKey(item.namespace(), item.name());
  }
}
