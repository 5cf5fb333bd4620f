package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ApiGroups;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.sync.ManifestApplier.Applied;
import io.ubernetes.agent.sync.ManifestApplier.Failed;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Applies one work item's objects. An item not yet applied whole (a new workload revision, new
 * replicas, or the first item after an agent from before revisions) is applied all or nothing:
 * every object is checked and tried first ({@code dryRun=All}, where the API server honours it); if
 * any is refused, none is written, nothing is pruned, and the previous item's objects keep running.
 * Then the objects are written in order, stopping at the first failure, which is tried again later
 * when it may pass (I/O, 5xx, 409, 429) and otherwise stays a condition in the report until the
 * federation sends something else. Repairing drift of an item applied whole before writes each
 * object on its own, as far as it can.
 *
 * <p>Objects go in {@link DependencyOrder}. A custom resource whose CustomResourceDefinition is not
 * established yet is held back, pending: the rest of the item is applied, the item is not applied
 * whole (nothing is pruned), no error is reported, and it is tried again soon; see {@link
 * EstablishmentWait} for a definition that never becomes established.
 */
final class ItemApplier {
  private static final Logger log = LoggerFactory.getLogger(ItemApplier.class);

  private final ManifestApplier applier;
  private final DryRunProbe dryRuns;
  private final DriftWatcher watcher;
  private final DesiredState desired;
  private final URL apiServer;
  private final KubeResources resources;
  private final DependencyOrder order;
  private final EstablishmentWait establishment;

  ItemApplier(
      ManifestApplier applier,
      DryRunProbe dryRuns,
      DriftWatcher watcher,
      DesiredState desired,
      KubeResources resources,
      EstablishmentWait establishment) {
    this.applier = applier;
    this.dryRuns = dryRuns;
    this.watcher = watcher;
    this.desired = desired;
    this.resources = resources;
    this.apiServer = resources.client().getMasterUrl();
    this.order = new DependencyOrder(resources);
    this.establishment = establishment;
  }

  ApplyOutcome apply(WorkloadKey key, WorkItem item, boolean fromServer, ApplyOutcome previous) {
    boolean whole = !desired.wasApplied(key, item);
    Attempt attempt = new Attempt(key, item, previous);
    List<ManifestApplier.Ready> ready = new ArrayList<>();
    Set<String> declared = declaredNamespaces(item);
    List<CustomResourceDefinition> definitions = null;
    for (Map<String, Object> manifest : order.sorted(item)) {
      ObjectRef ref = Manifests.ref(manifest, item.namespace());
      if (ref.apiVersion() != null
          && ref.kind() != null
          && DependencyOrder.customResource(ref.apiVersion())) {
        try {
          if (definitions == null) {
            definitions =
                resources
                    .client()
                    .apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .list()
                    .getItems();
          }
        } catch (KubernetesClientException e) {
          attempt.failed(ref, new Failed(FailureReason.why(e, apiServer), true));
          continue;
        }
        if (!served(key, ref, definitions, attempt)) {
          continue;
        }
      }
      if (ref.apiVersion() != null && ref.kind() != null) {
        watcher.watch(ref.apiVersion(), ref.kind());
      }
      ManifestApplier.Result result = applier.check(key, item, manifest, fromServer, declared);
      if (result instanceof ManifestApplier.Ready r) {
        ready.add(r);
      } else if (result instanceof Failed failed) {
        attempt.failed(ref, failed);
      }
    }
    if (whole && !attempt.errors.isEmpty()) {
      return attempt.outcome();
    }
    if (whole && !ready.isEmpty() && dryRunsHonoured(attempt)) {
      List<ManifestApplier.Ready> tried = new ArrayList<>();
      for (ManifestApplier.Ready r : ready) {
        String namespace = r.prepared().ref().namespace();
        if (namespace != null
            && declared.contains(namespace)
            && !applier.namespaceExists(namespace)) {
          // The API server refuses any object, even in a dry run, in a namespace that does not
          // exist yet; this one comes with the item and is written before the object.
          tried.add(r);
          continue;
        }
        ManifestApplier.Result result = applier.dryRun(key, r);
        if (result instanceof ManifestApplier.Ready passed) {
          tried.add(passed);
        } else if (result instanceof Failed failed) {
          attempt.failed(r.prepared().ref(), failed);
        }
      }
      if (!attempt.errors.isEmpty()) {
        return attempt.outcome();
      }
      ready = tried;
    }
    for (ManifestApplier.Ready r : ready) {
      attempt.write(r);
      if (whole && !attempt.errors.isEmpty()) {
        break;
      }
    }
    return attempt.outcome();
  }

  /**
   * Whether the custom resource's definition is established; otherwise the object is pending, or
   * failed when it has waited too long.
   */
  private boolean served(
      WorkloadKey key, ObjectRef ref, List<CustomResourceDefinition> definitions, Attempt attempt) {
    String group = ApiGroups.of(ref.apiVersion());
    CustomResourceDefinition definition =
        definitions.stream()
            .filter(
                d ->
                    d.getSpec() != null
                        && group.equals(d.getSpec().getGroup())
                        && d.getSpec().getNames() != null
                        && ref.kind().equals(d.getSpec().getNames().getKind()))
            .findFirst()
            .orElse(null);
    boolean established =
        definition != null
            && definition.getStatus() != null
            && definition.getStatus().getConditions() != null
            && definition.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    EstablishmentWait.Verdict verdict =
        establishment.verdict(
            key.label() + "|" + ref.kind() + "." + group,
            definition == null ? null : definition.getMetadata().getName(),
            ref.kind() + "." + group,
            established);
    return switch (verdict) {
      case EstablishmentWait.Served served -> true;
      case EstablishmentWait.Pending pending -> {
        attempt.pending(ref, pending.message());
        yield false;
      }
      case EstablishmentWait.TimedOut timedOut -> {
        attempt.failed(ref, new Failed(timedOut.message(), true));
        yield false;
      }
    };
  }

  /** The namespaces the item brings itself. */
  private static Set<String> declaredNamespaces(WorkItem item) {
    Set<String> declared = new HashSet<>();
    for (Map<String, Object> manifest : item.manifests()) {
      ObjectRef ref = Manifests.ref(manifest, item.namespace());
      if ("v1".equals(ref.apiVersion()) && "Namespace".equals(ref.kind()) && ref.name() != null) {
        declared.add(ref.name());
      }
    }
    return declared;
  }

  /** Dry runs are tried only against an API server that honours them; see {@link DryRunProbe}. */
  private boolean dryRunsHonoured(Attempt attempt) {
    try {
      return dryRuns.honoured();
    } catch (KubernetesClientException e) {
      attempt.errors.add(
          "cannot tell whether the API server honours dryRun: " + FailureReason.why(e, apiServer));
      attempt.retriable = true;
      return false;
    }
  }

  /** One reconciliation's failures, as they come. */
  private final class Attempt {
    private final WorkloadKey key;
    private final WorkItem item;
    private final ApplyOutcome previous;
    private final List<String> errors = new ArrayList<>();
    private final List<ObjectStatus> pending = new ArrayList<>();
    private boolean retriable;

    Attempt(WorkloadKey key, WorkItem item, ApplyOutcome previous) {
      this.key = key;
      this.item = item;
      this.previous = previous;
    }

    @SuppressWarnings("try") // held for the try block, not referenced in it
    void write(ManifestApplier.Ready ready) {
      ObjectRef ref = ready.prepared().ref();
      try (MDC.MDCCloseable object = MDC.putCloseable("object", Manifests.describe(ref))) {
        ManifestApplier.Result result = applier.write(key, ready);
        if (result instanceof Applied) {
          log.info("Applied {} (generation {})", Manifests.describe(ref), item.generation());
        } else if (result instanceof Failed failed) {
          failed(ref, failed);
        }
      }
    }

    @SuppressWarnings("try") // held for the try block, not referenced in it
    void failed(ObjectRef ref, Failed failed) {
      String error = Manifests.describe(ref) + ": " + failed.message();
      errors.add(error);
      retriable |= failed.retriable();
      if (previous == null || !previous.errors().contains(error)) {
        try (MDC.MDCCloseable object = MDC.putCloseable("object", Manifests.describe(ref))) {
          log.warn("Cannot apply {}", error);
        }
      }
    }

    @SuppressWarnings("try") // held for the try block, not referenced in it
    void pending(ObjectRef ref, String why) {
      pending.add(
          new ObjectStatus(
              ref.apiVersion(),
              ref.kind(),
              ref.namespace(),
              ref.name(),
              ObjectStatus.PROGRESSING,
              "WaitingForDefinition",
              why,
              null));
      boolean known =
          previous != null
              && previous.pending().stream()
                  .anyMatch(p -> p.name().equals(ref.name()) && why.equals(p.message()));
      if (!known) {
        try (MDC.MDCCloseable object = MDC.putCloseable("object", Manifests.describe(ref))) {
          log.info("Not applying {} yet: {}", Manifests.describe(ref), why);
        }
      }
    }

    ApplyOutcome outcome() {
      if (errors.isEmpty() && pending.isEmpty()) {
        establishment.forget(key.label() + "|");
      }
      return new ApplyOutcome(
          item.workloadUid(),
          item.generation(),
          errors.isEmpty() && pending.isEmpty(),
          errors,
          retriable,
          pending);
    }
  }
}
