package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.sync.ManifestApplier.Applied;
import io.ubernetes.agent.sync.ManifestApplier.Failed;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 */
final class ItemApplier {
  private static final Logger log = LoggerFactory.getLogger(ItemApplier.class);

  private final ManifestApplier applier;
  private final DryRunProbe dryRuns;
  private final DriftWatcher watcher;
  private final DesiredState desired;
  private final URL apiServer;

  ItemApplier(
      ManifestApplier applier,
      DryRunProbe dryRuns,
      DriftWatcher watcher,
      DesiredState desired,
      URL apiServer) {
    this.applier = applier;
    this.dryRuns = dryRuns;
    this.watcher = watcher;
    this.desired = desired;
    this.apiServer = apiServer;
  }

  ApplyOutcome apply(WorkloadKey key, WorkItem item, boolean fromServer, ApplyOutcome previous) {
    boolean whole = !desired.wasApplied(key, item);
    Attempt attempt = new Attempt(key, item, previous);
    List<ManifestApplier.Ready> ready = new ArrayList<>();
    for (Map<String, Object> manifest : item.manifests()) {
      ObjectRef ref = Manifests.ref(manifest, item.namespace());
      if (ref.apiVersion() != null && ref.kind() != null) {
        watcher.watch(ref.apiVersion(), ref.kind());
      }
      ManifestApplier.Result result = applier.check(key, item, manifest, fromServer);
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

    ApplyOutcome outcome() {
      return new ApplyOutcome(
          item.workloadUid(), item.generation(), errors.isEmpty(), errors, retriable);
    }
  }
}
