package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ExceptionHandler;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One informer per kind the agent applies, on objects labelled {@code
 * ubernetes.io/managed-by=ubernetes} in every namespace. An edit (other than to status) or a
 * deletion of a managed object asks for its workload to be reconciled; any change raises the status
 * signal. The informers' caches also spare the reconciler a GET per object.
 */
public final class DriftWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DriftWatcher.class);

  private final KubeResources resources;
  private final Consumer<WorkloadKey> onDrift;
  private final ChangeSignal changes;
  private final Map<String, SharedIndexInformer<HasMetadata>> informers = new ConcurrentHashMap<>();
  private final Set<String> unwatchable = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  DriftWatcher(KubeResources resources, Consumer<WorkloadKey> onDrift, ChangeSignal changes) {
    this.resources = resources;
    this.onDrift = onDrift;
    this.changes = changes;
  }

  /** Starts watching a kind, once; does not wait for the informer's first list. */
  void watch(String apiVersion, String kind) {
    String kindKey = apiVersion + "/" + kind;
    if (closed || informers.containsKey(kindKey)) {
      return;
    }
    try {
      informers.computeIfAbsent(kindKey, k -> start(apiVersion, kind));
      unwatchable.remove(kindKey);
    } catch (RuntimeException e) {
      if (unwatchable.add(kindKey)) {
        log.warn(
            "Cannot watch {} for drift, will try again: {}",
            kindKey,
            FailureReason.of(e, resources.client().getMasterUrl()));
      }
    }
  }

  private SharedIndexInformer<HasMetadata> start(String apiVersion, String kind) {
    SharedIndexInformer<HasMetadata> informer =
        resources
            .ops(apiVersion, kind)
            .inAnyNamespace()
            .withLabel(WireLabels.MANAGED_BY, WireLabels.MANAGER)
            .runnableInformer(0);
    // Keep retrying through API server outages, including before the first list succeeded.
    informer.exceptionHandler((started, t) -> !ExceptionHandler.isDeserializationException(t));
    informer.addEventHandler(new Handler());
    informer.start();
    log.debug("Watching {}/{} for drift", apiVersion, kind);
    return informer;
  }

  /** Whether this kind's informer has synced: then what it holds is all there is. */
  boolean synced(ObjectRef ref) {
    SharedIndexInformer<HasMetadata> informer = informers.get(ref.apiVersion() + "/" + ref.kind());
    return informer != null && informer.hasSynced();
  }

  /** The managed object as last seen, when this kind's informer has synced and holds it. */
  Optional<HasMetadata> cached(ObjectRef ref) {
    SharedIndexInformer<HasMetadata> informer = informers.get(ref.apiVersion() + "/" + ref.kind());
    if (informer == null || !informer.hasSynced()) {
      return Optional.empty();
    }
    // Informers key cluster-scoped objects by name alone.
    String key = ref.namespace() == null ? ref.name() : ref.namespace() + "/" + ref.name();
    return Optional.ofNullable(informer.getStore().getByKey(key));
  }

  @Override
  public void close() {
    closed = true;
    informers.values().forEach(SharedIndexInformer::stop);
    informers.clear();
  }

  private final class Handler implements ResourceEventHandler<HasMetadata> {
    @Override
    public void onAdd(HasMetadata object) {
      changes.raise();
    }

    @Override
    public void onUpdate(HasMetadata before, HasMetadata after) {
      if (!sameBesidesStatus(before, after)) {
        workload(after).ifPresent(onDrift);
      }
      changes.raise();
    }

    @Override
    public void onDelete(HasMetadata object, boolean finalStateUnknown) {
      workload(object).ifPresent(onDrift);
      changes.raise();
    }
  }

  private static Optional<WorkloadKey> workload(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null
        ? Optional.empty()
        : WorkloadKey.fromLabel(labels.get(WireLabels.WORKLOAD));
  }

  private boolean sameBesidesStatus(HasMetadata before, HasMetadata after) {
    Map<String, Object> a = withoutStatus(resources.toMap(before));
    Map<String, Object> b = withoutStatus(resources.toMap(after));
    return a.equals(b);
  }

  private static Map<String, Object> withoutStatus(Map<String, Object> object) {
    object.remove("status");
    Map<String, Object> metadata = PreparedManifest.child(object, "metadata");
    metadata.remove("resourceVersion");
    metadata.remove("managedFields");
    metadata.remove("generation");
    return object;
  }
}
