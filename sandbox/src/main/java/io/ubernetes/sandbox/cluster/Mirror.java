package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's view of one kind of object, and its hand on them. An informer keeps the view; the
 * simulator's own writes show in it at once, before their watch events come back, so that one pass
 * never acts twice on the same change (a controller's "expectations"). A write the API server
 * refuses for a stale view (409) or a vanished object (404) is skipped: the next pass sees more.
 *
 * <p>Resource versions are compared as numbers, which the mock API server's are (a real API
 * server's are opaque).
 */
final class Mirror<T extends HasMetadata> implements ResourceEventHandler<T> {
  private static final Logger log = LoggerFactory.getLogger(Mirror.class);
  private static final long TOMBSTONE_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final Comparator<HasMetadata> BY_KEY = Comparator.comparing(Mirror::key);

  private record Tombstone(String uid, long atNanos) {}

  /** The view as of a number of changes. */
  private record View<T>(long changes, List<T> items) {}

  private final KubernetesClient client;
  private final SharedIndexInformer<T> informer;
  private final Runnable onChange;
  private final Map<String, T> written = new ConcurrentHashMap<>();
  private final Map<String, Tombstone> deleted = new ConcurrentHashMap<>();

  /**
   * Counts events and own writes: the merged view is built again only after one, since every
   * controller of a pass asks for it and a large cluster has thousands of pods.
   */
  private final AtomicLong changes = new AtomicLong();

  private volatile View<T> view;

  /**
   * @param onChange called on the informer's thread after every event
   */
  Mirror(
      KubernetesClient client, Function<KubernetesClient, Informable<T>> kind, Runnable onChange) {
    this.client = client;
    this.onChange = onChange;
    this.informer = kind.apply(client).runnableInformer(0);
    informer.addEventHandler(this);
    // Retry lists and watches for as long as the mirror runs; it is stopped before an outage.
    informer.exceptionHandler((started, failure) -> true);
  }

  /** Completes when the informer has listed its kind once. */
  CompletableFuture<Void> start() {
    return informer.start().toCompletableFuture();
  }

  boolean synced() {
    return informer.hasSynced();
  }

  void stop() {
    informer.stop();
  }

  /** How many events and own writes the mirror has seen: equal counts mean an unchanged view. */
  long changes() {
    return changes.get();
  }

  /**
   * Every object, the simulator's own writes included, ordered by namespace and name; not to be
   * modified.
   */
  List<T> items() {
    long version = changes.get();
    View<T> known = view;
    if (known != null && known.changes() == version) {
      return known.items();
    }
    Map<String, T> merged = new LinkedHashMap<>();
    for (T cached : informer.getStore().list()) {
      merged.put(key(cached), cached);
    }
    written.forEach(
        (key, mine) -> {
          T cached = merged.get(key);
          if (cached == null || version(cached) < version(mine)) {
            merged.put(key, mine);
          } else {
            written.remove(key, mine);
          }
        });
    long now = System.nanoTime();
    deleted.forEach(
        (key, tombstone) -> {
          T shown = merged.get(key);
          if (shown != null && tombstone.uid().equals(shown.getMetadata().getUid())) {
            merged.remove(key);
          } else if (now - tombstone.atNanos() > TOMBSTONE_NANOS) {
            deleted.remove(key, tombstone);
          }
        });
    List<T> items = new ArrayList<>(merged.values());
    items.sort(BY_KEY);
    List<T> result = Collections.unmodifiableList(items);
    view = new View<>(version, result);
    return result;
  }

  /** Creates the object; null if one of that name exists already. */
  T create(T object) {
    return remember(write(object, () -> client.resource(object).create()));
  }

  /** Replaces the object, status included; null if it changed or vanished meanwhile. */
  T update(T object) {
    return remember(write(object, () -> client.resource(object).update()));
  }

  /** Replaces the object's status; null if it vanished. */
  T updateStatus(T object) {
    return remember(write(object, () -> client.resource(object).updateStatus()));
  }

  void delete(T object) {
    write(
        object,
        () -> {
          client.resource(object).delete();
          return object;
        });
    deleted.put(key(object), new Tombstone(object.getMetadata().getUid(), System.nanoTime()));
    written.remove(key(object));
    changes.incrementAndGet();
  }

  @Override
  public void onAdd(T object) {
    observed(object);
  }

  @Override
  public void onUpdate(T before, T after) {
    observed(after);
  }

  @Override
  public void onDelete(T object, boolean finalStateUnknown) {
    String key = key(object);
    written.computeIfPresent(key, (k, mine) -> version(mine) <= version(object) ? null : mine);
    deleted.computeIfPresent(
        key,
        (k, tombstone) -> tombstone.uid().equals(object.getMetadata().getUid()) ? null : tombstone);
    changes.incrementAndGet();
    onChange.run();
  }

  private void observed(T object) {
    String key = key(object);
    written.computeIfPresent(key, (k, mine) -> version(mine) <= version(object) ? null : mine);
    deleted.computeIfPresent(
        key,
        (k, tombstone) -> tombstone.uid().equals(object.getMetadata().getUid()) ? tombstone : null);
    changes.incrementAndGet();
    onChange.run();
  }

  private T remember(T result) {
    if (result != null) {
      written.put(key(result), result);
      changes.incrementAndGet();
    }
    return result;
  }

  private <R> R write(T object, Supplier<R> call) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      int code = e.getCode();
      if (code == 404 || code == 409) {
        log.debug("Skipped a write of {} {}: HTTP {}", object.getKind(), key(object), code);
        return null;
      }
      if (code >= 400 && code < 500) {
        log.warn(
            "The API server refused {} {} (HTTP {}): {}",
            object.getKind(),
            key(object),
            code,
            e.getMessage());
        return null;
      }
      throw e;
    }
  }

  static String key(HasMetadata object) {
    String namespace = object.getMetadata().getNamespace();
    return namespace == null
        ? object.getMetadata().getName()
        : namespace + "/" + object.getMetadata().getName();
  }

  private static long version(HasMetadata object) {
    try {
      return Long.parseLong(object.getMetadata().getResourceVersion());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
