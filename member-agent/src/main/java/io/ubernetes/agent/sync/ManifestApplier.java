package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.sync.PreparedManifest.InvalidManifestException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes manifests to the member cluster. Server-side apply by default; get-then-create-or-update
 * where the API server has no server-side apply (it answers 415, or 404 for a built-in kind), from
 * the first such answer on.
 */
final class ManifestApplier {
  private static final Logger log = LoggerFactory.getLogger(ManifestApplier.class);
  private static final int UPDATE_ATTEMPTS = 5;

  /** The field manager of what the agent applies server-side. */
  static final String FIELD_MANAGER = "ubernetes";

  private final KubeResources resources;
  private final Function<ObjectRef, Optional<HasMetadata>> cache;
  private final AtomicReference<ApplyMode> mode;
  private final Set<String> knownNamespaces = ConcurrentHashMap.newKeySet();

  sealed interface Result {}

  record Applied() implements Result {}

  record Unchanged() implements Result {}

  record Failed(String message, boolean retriable) implements Result {}

  /**
   * A manifest that differs from its live object, ready to be tried or written.
   *
   * @param live the object as last read; null when it was not found or not read
   */
  record Ready(PreparedManifest prepared, HasMetadata live) implements Result {}

  /**
   * @param cache the managed objects as the drift informers last saw them; empty when unknown
   */
  ManifestApplier(
      KubeResources resources, Function<ObjectRef, Optional<HasMetadata>> cache, ApplyMode mode) {
    this.resources = resources;
    this.cache = cache;
    this.mode = new AtomicReference<>(mode);
  }

  ApplyMode mode() {
    return mode.get();
  }

  /**
   * Checks and applies a manifest in one go.
   *
   * @param fromServer read the live object from the API server even when an informer holds it: a
   *     watch can miss an event, and its cache then stays wrong until something else changes
   */
  Result apply(WorkloadKey key, WorkItem item, Map<String, Object> manifest, boolean fromServer) {
    Result checked = check(key, item, manifest, fromServer, Set.of());
    return checked instanceof Ready ready ? write(key, ready) : checked;
  }

  /**
   * Whether the manifest can be written and needs to be: {@link Ready} when it does, {@link
   * Unchanged} when the live object has it already, {@link Failed} when it cannot be written.
   *
   * @param declared the namespaces the item brings itself: the agent does not make them
   */
  Result check(
      WorkloadKey key,
      WorkItem item,
      Map<String, Object> manifest,
      boolean fromServer,
      Set<String> declared) {
    PreparedManifest prepared;
    try {
      prepared = PreparedManifest.of(key, item, manifest);
    } catch (InvalidManifestException e) {
      return new Failed(e.getMessage(), false);
    }
    ObjectRef ref = prepared.ref();
    boolean namespaced = resources.namespaced(ref.apiVersion(), ref.kind());
    if (!namespaced && !key.clusterScoped()) {
      return new Failed(
          "cluster-scoped kinds are applied for cluster-scoped workloads"
              + " (ClusterFederatedWorkloads) only",
          false);
    }
    if (namespaced
        && ref.namespace() == null
        && !DependencyOrder.customResource(ref.apiVersion())) {
      return new Failed(
          "a namespaced kind in a cluster-scoped workload must name its metadata.namespace", false);
    }
    try {
      HasMetadata live =
          fromServer ? resources.get(ref) : cache.apply(ref).orElseGet(() -> readFirst(ref));
      if (live != null) {
        if (Ownership.adoptable(live, key)) {
          markMadeByAgent(live);
          live = resources.get(ref);
        }
        String problem = live == null ? null : Ownership.problem(live, key);
        if (problem != null) {
          return new Failed(problem, false);
        }
        if (live != null && DesiredFields.presentIn(prepared.desired(), resources.toMap(live))) {
          return new Unchanged();
        }
      }
      // A dry run in a namespace that does not exist is refused. One the item brings comes
      // before this object (see DependencyOrder), and is the item's, not the agent's.
      if (ref.namespace() != null && !declared.contains(ref.namespace())) {
        ensureNamespace(ref.namespace());
      }
      return new Ready(prepared, live);
    } catch (KubernetesClientException e) {
      if (ref.namespace() != null) {
        knownNamespaces.remove(ref.namespace());
      }
      return new Failed(describe(e), KubeResources.retriable(e));
    }
  }

  /**
   * Asks the API server whether it would take the manifest ({@code dryRun=All}: validation,
   * admission and quota run, nothing is stored). Returns the {@link Ready} manifest to write, or
   * {@link Failed} with the API server's answer. An object not read before is tried as a create,
   * and as an update of what is there should the create conflict, as {@link #write} does.
   */
  Result dryRun(WorkloadKey key, Ready ready) {
    PreparedManifest prepared = ready.prepared();
    try {
      if (mode.get() == ApplyMode.SERVER_SIDE) {
        try {
          resources
              .client()
              .resource(resources.toObject(prepared.applied(ready.live() != null)))
              .dryRun()
              .fieldManager(FIELD_MANAGER)
              .forceConflicts()
              .serverSideApply();
          return ready;
        } catch (KubernetesClientException e) {
          if (!serverSideApplyUnsupported(e, prepared.ref())) {
            throw e;
          }
          switchToUpdates(e);
        }
      }
      HasMetadata live = ready.live();
      if (live == null) {
        try {
          resources.client().resource(resources.toObject(prepared.body())).dryRun().create();
          return ready;
        } catch (KubernetesClientException e) {
          live = e.getCode() == 409 ? resources.get(prepared.ref()) : null;
          if (live == null) {
            throw e;
          }
        }
        String problem = Ownership.problem(live, key);
        if (problem != null) {
          return new Failed(problem, false);
        }
      }
      resources
          .client()
          .resource(resources.toObject(prepared.onTopOf(resources.toMap(live))))
          .dryRun()
          .update();
      return new Ready(prepared, live);
    } catch (KubernetesClientException e) {
      return new Failed(describe(e), KubeResources.retriable(e));
    }
  }

  /** Writes a manifest {@link #check} found ready. */
  Result write(WorkloadKey key, Ready ready) {
    try {
      return write(ready.prepared(), ready.live(), key);
    } catch (KubernetesClientException e) {
      if (ready.prepared().ref().namespace() != null) {
        knownNamespaces.remove(ready.prepared().ref().namespace());
      }
      return new Failed(describe(e), KubeResources.retriable(e));
    }
  }

  /**
   * An object the drift informer does not hold. Without server-side apply it is not read: it is
   * created at once, and should it exist after all the create fails with 409 and {@link #update}
   * reads it and checks whose it is, one request instead of two for every new object. With
   * server-side apply it is read first: the informer sees managed objects only, and applying over
   * an object that is not ours would take it over.
   */
  private HasMetadata readFirst(ObjectRef ref) {
    return mode.get() == ApplyMode.UPDATE ? null : resources.get(ref);
  }

  private Result write(PreparedManifest prepared, HasMetadata live, WorkloadKey key) {
    if (mode.get() == ApplyMode.SERVER_SIDE) {
      try {
        if (live != null && prepared.replicasOwnedByMember()) {
          handOverReplicas(live);
        }
        resources
            .client()
            .resource(resources.toObject(prepared.applied(live != null)))
            .fieldManager(FIELD_MANAGER)
            .forceConflicts()
            .serverSideApply();
        return new Applied();
      } catch (KubernetesClientException e) {
        if (!serverSideApplyUnsupported(e, prepared.ref())) {
          throw e;
        }
        switchToUpdates(e);
      }
    }
    return update(prepared, live, key);
  }

  /**
   * Before an apply that drops {@code spec.replicas}, another manager takes the live count over
   * (see {@link ReplicasHandover}). Without forcing: should the autoscaler have changed the count
   * since it was read, the conflict fails this write, which is tried again on what is there then.
   */
  private void handOverReplicas(HasMetadata live) {
    Map<String, Object> handover = ReplicasHandover.of(live, resources.toMap(live));
    if (handover != null) {
      resources
          .client()
          .resource(resources.toObject(handover))
          .fieldManager(ReplicasHandover.MANAGER)
          .serverSideApply();
      log.info(
          "Handed spec.replicas ({}) of {} {}/{} to the member's autoscaler",
          Manifests.map(handover.get("spec")).get("replicas"),
          live.getKind(),
          live.getMetadata().getNamespace(),
          live.getMetadata().getName());
    }
  }

  private void switchToUpdates(KubernetesClientException e) {
    if (mode.compareAndSet(ApplyMode.SERVER_SIDE, ApplyMode.UPDATE)) {
      log.warn(
          "The API server does not support server-side apply (HTTP {}): creating and updating"
              + " objects instead from now on",
          e.getCode());
    }
  }

  /**
   * 415: no apply patch type at all. 404 for a kind the API server must know (a built-in one) in a
   * namespace that exists: the PATCH verb only finds existing objects, so apply is missing.
   */
  private boolean serverSideApplyUnsupported(KubernetesClientException e, ObjectRef ref) {
    return e.getCode() == 415
        || e.getCode() == 404 && resources.modelClass(ref.apiVersion(), ref.kind()) != null;
  }

  private Result update(PreparedManifest prepared, HasMetadata live, WorkloadKey key) {
    HasMetadata current = live;
    for (int attempt = 1; ; attempt++) {
      try {
        if (current == null) {
          resources.client().resource(resources.toObject(prepared.body())).create();
        } else {
          resources
              .client()
              .resource(resources.toObject(prepared.onTopOf(resources.toMap(current))))
              .update();
        }
        return new Applied();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == UPDATE_ATTEMPTS) {
          throw e;
        }
      }
      current = resources.get(prepared.ref());
      if (current != null) {
        String problem = Ownership.problem(current, key);
        if (problem != null) {
          return new Failed(problem, false);
        }
        if (DesiredFields.presentIn(prepared.desired(), resources.toMap(current))) {
          return new Applied();
        }
      }
    }
  }

  /** Whether the namespace exists in the member now. */
  boolean namespaceExists(String namespace) {
    return resources.client().namespaces().withName(namespace).get() != null;
  }

  /**
   * A Namespace that an agent before this one made for namespaced workloads carries the managed
   * label only. Marked as made by the agent before a cluster-scoped workload adopts it, so that it
   * is never deleted with that workload: its other objects live in it.
   */
  private void markMadeByAgent(HasMetadata live) {
    if (live.getMetadata().getAnnotations() != null
        && live.getMetadata().getAnnotations().containsKey(Ownership.MADE_BY_AGENT)) {
      return;
    }
    resources
        .client()
        .namespaces()
        .withName(live.getMetadata().getName())
        .edit(
            namespace ->
                new NamespaceBuilder(namespace)
                    .editMetadata()
                    .addToAnnotations(Ownership.MADE_BY_AGENT, "true")
                    .endMetadata()
                    .build());
  }

  private void ensureNamespace(String namespace) {
    if (knownNamespaces.contains(namespace)) {
      return;
    }
    if (resources.client().namespaces().withName(namespace).get() == null) {
      try {
        resources
            .client()
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(namespace)
                    .addToLabels(WireLabels.MANAGED_BY, WireLabels.MANAGER)
                    // Never deleted by the agent: any workload's objects may live in it.
                    .addToAnnotations(Ownership.MADE_BY_AGENT, "true")
                    .endMetadata()
                    .build())
            .create();
        log.info("Created namespace {}", namespace);
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    knownNamespaces.add(namespace);
  }

  private String describe(KubernetesClientException e) {
    return FailureReason.why(e, resources.client().getMasterUrl());
  }
}
