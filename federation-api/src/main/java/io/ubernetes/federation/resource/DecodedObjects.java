package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every object of one kind, decoded once and read again only where its resourceVersion moved on,
 * for readers that need them all on every pass (the scheduler's clusters and policies, the tenancy
 * rules): heartbeats change a few clusters between two passes, and decoding every object each pass
 * would cost more than the pass itself.
 */
public final class DecodedObjects<R extends ApiObject<S, T>, S, T> {
  private final ResourceStrategy<R, S, T> strategy;
  private final Map<UUID, R> byUid = new ConcurrentHashMap<>();

  public DecodedObjects(ResourceStrategy<R, S, T> strategy) {
    this.strategy = strategy;
  }

  /** Every object of the kind, in name order, as the calling transaction sees them. */
  public List<R> current(ResourceReader reader) {
    Map<UUID, Long> versions = reader.versions(strategy);
    List<UUID> stale = new ArrayList<>();
    versions.forEach(
        (uid, version) -> {
          R known = byUid.get(uid);
          if (known == null || !Long.toString(version).equals(known.metadata().resourceVersion())) {
            stale.add(uid);
          }
        });
    byUid.keySet().retainAll(versions.keySet());
    if (!stale.isEmpty()) {
      byUid.putAll(reader.getAll(strategy, stale));
    }
    List<R> sorted = new ArrayList<>(byUid.values());
    sorted.sort(Comparator.comparing(object -> object.metadata().name()));
    return sorted;
  }
}
