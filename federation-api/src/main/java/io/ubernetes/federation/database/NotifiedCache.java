package io.ubernetes.federation.database;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows read often and changed rarely (API tokens, agent credentials), kept in memory and exact
 * across replicas: whatever changes one sends a notification on the cache's channel in its
 * transaction, whose payload is the changed key, or empty for "anything may have changed". Every
 * replica forgets it when the notification arrives, and the replica that made the change as soon as
 * it commits ({@link #evictOnCommit}). While the replica is not listening the cache is not used at
 * all, and when it listens again it starts empty, since it may have missed changes.
 *
 * @param <V> what a key stands for
 */
public final class NotifiedCache<V> implements PostgresNotifications.Subscriber {
  private final int maxEntries;
  private final ConcurrentHashMap<String, V> entries = new ConcurrentHashMap<>();
  // Moves on with every eviction, so that a load that raced with one is not kept.
  private final AtomicLong evictions = new AtomicLong();
  private volatile boolean listening;

  /**
   * @param channel the notifications' channel, a lower-case SQL identifier
   * @param maxEntries beyond this many entries the cache starts over
   */
  public NotifiedCache(PostgresNotifications notifications, String channel, int maxEntries) {
    this.maxEntries = maxEntries;
    notifications.subscribe(channel, this);
  }

  /** What the key stands for: from memory while listening, else from {@code load}. */
  public Optional<V> find(String key, Function<String, Optional<V>> load) {
    if (!listening) {
      return load.apply(key);
    }
    V cached = entries.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long before = evictions.get();
    Optional<V> loaded = load.apply(key);
    if (loaded.isPresent() && listening && evictions.get() == before) {
      if (entries.size() >= maxEntries) {
        entries.clear();
      }
      entries.put(key, loaded.get());
      // An eviction between the check above and the put: do not keep what may be stale.
      if (evictions.get() != before) {
        entries.remove(key);
      }
    }
    return loaded;
  }

  /**
   * Forgets the key ({@code null}: everything) when the current transaction commits, at once
   * without one. The other replicas hear of it through the notification the change sent.
   */
  public void evictOnCommit(String key) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              evict(key);
            }
          });
    } else {
      evict(key);
    }
  }

  private void evict(String key) {
    evictions.incrementAndGet();
    if (key == null || key.isEmpty()) {
      entries.clear();
    } else {
      entries.remove(key);
    }
  }

  @Override
  public void listening() {
    evict(null);
    listening = true;
  }

  @Override
  public void notified(String payload) {
    evict(payload);
  }

  @Override
  public void stopped() {
    listening = false;
    evict(null);
  }
}
