package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Utils;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The objects of a simulated cluster's API server: Fabric8's CRUD dispatcher, which keeps them in
 * memory, made to hand out a copy of all of them as of one moment (to save it), to take such a copy
 * back before it serves (to restore it), to say when they change, and to remember every pod
 * template a workload was given ({@link TemplateHistory}).
 *
 * <p>Every change of the dispatcher goes through {@link #processEvent}, under the dispatcher's own
 * write lock; that method removes the old entry and adds the new one in two steps, so a copy is
 * taken under a lock of its own that the method holds too, never between the steps.
 */
final class ObjectStore extends KubernetesCrudDispatcher {
  private final Object lock = new Object();
  private final AtomicLong lastVersion = new AtomicLong();
  private final TemplateHistory templates = new TemplateHistory();
  private final Runnable onChange;

  /**
   * @param onChange called after every change of an object, outside any lock
   */
  ObjectStore(Runnable onChange) {
    this.onChange = onChange;
  }

  @Override
  public long requestResourceVersion() {
    long version = super.requestResourceVersion();
    lastVersion.accumulateAndGet(version, Math::max);
    return version;
  }

  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    boolean changed;
    synchronized (lock) {
      String before = oldAttributes == null ? null : map.get(oldAttributes);
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      changed = !Objects.equals(before, newState);
      if (changed
          && newState != null
          && pathAttributes != null
          && TemplateHistory.WORKLOADS.contains(
              value(pathAttributes, KubernetesAttributesExtractor.PLURAL))) {
        templates.record(resource, newState);
      }
    }
    if (changed) {
      onChange.run();
    }
  }

  /** Every pod template each workload was given since the store was made (not restored ones). */
  TemplateHistory templates() {
    return templates;
  }

  /** Every object as of one moment, in the order they were last written. */
  Snapshot snapshot() {
    List<AttributeSet> keys = new ArrayList<>();
    List<String> objects = new ArrayList<>();
    long version;
    synchronized (lock) {
      synchronized (map) {
        map.forEach(
            (key, object) -> {
              keys.add(key);
              objects.add(object);
            });
      }
      version = lastVersion.get();
    }
    List<StoredObject> stored = new ArrayList<>(objects.size());
    for (int i = 0; i < keys.size(); i++) {
      String path = path(keys.get(i));
      if (path != null) {
        stored.add(new StoredObject(path, objects.get(i)));
      }
    }
    return new Snapshot(version, stored, 0);
  }

  /**
   * Puts the objects back as they were, uids and resourceVersions included, and goes on handing out
   * resourceVersions above theirs. Only before the API server serves, into an empty store.
   */
  void restore(Snapshot snapshot) {
    synchronized (lock) {
      if (!map.isEmpty()) {
        throw new IllegalStateException("objects are restored into an empty store only");
      }
      for (StoredObject object : snapshot.objects()) {
        // As a create would store it, with no watcher yet to tell and no change to save.
        super.processEvent(object.path(), getKey(object.path()), null, null, object.json());
      }
      // The dispatcher's counter can only be moved on one step at a time; it is a counter in
      // memory, so even millions of steps take milliseconds.
      long version = lastVersion.get();
      while (version < snapshot.resourceVersion()) {
        version = requestResourceVersion();
      }
    }
    advanceUidsPast(snapshot.highestUid());
  }

  /**
   * The mock gives a new object the uid {@code 00000000-0000-0000-0000-<n>} from a counter of the
   * process ({@link Utils#generateId}) that starts at 0 in every process: moved past the restored
   * uids, it gives no new object the uid of one restored.
   */
  private static void advanceUidsPast(long highest) {
    long next = 0;
    while (next < highest) {
      next = Utils.generateId().getLeastSignificantBits();
    }
  }

  /**
   * The object's path on the API server, from what the dispatcher recorded of it: {@code
   * /api/v1/namespaces/<namespace>/pods/<name>} or {@code /apis/<group>/<version>/...}.
   */
  private static String path(AttributeSet key) {
    String plural = value(key, KubernetesAttributesExtractor.PLURAL);
    String version = value(key, KubernetesAttributesExtractor.VERSION);
    String name = value(key, KubernetesAttributesExtractor.NAME);
    if (plural == null || version == null || name == null) {
      return null;
    }
    String group = value(key, KubernetesAttributesExtractor.API);
    String namespace = value(key, KubernetesAttributesExtractor.NAMESPACE);
    return (group == null ? "/api/" : "/apis/" + group + "/")
        + version
        + (namespace == null ? "" : "/namespaces/" + namespace)
        + "/"
        + plural
        + "/"
        + name;
  }

  private static String value(AttributeSet key, String name) {
    Attribute attribute = key.getAttribute(name);
    return attribute == null || attribute.getValues().isEmpty()
        ? null
        : attribute.getValues().getFirst().toString();
  }

  /**
   * A cluster's objects as of one moment.
   *
   * @param resourceVersion the last resourceVersion handed out (deleted objects may have had it)
   * @param objects each object with its path, in the order they were last written
   * @param highestUid the highest number among the objects' uids (the mock numbers them), or 0
   */
  record Snapshot(long resourceVersion, List<StoredObject> objects, long highestUid) {
    Snapshot {
      objects = List.copyOf(objects);
    }
  }

  /**
   * One object.
   *
   * @param path where the API server serves it, such as {@code /api/v1/nodes/node-1}
   * @param json the object as the API server returns it
   */
  record StoredObject(String path, String json) {}
}
