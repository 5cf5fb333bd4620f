package io.ubernetes.agents;

import io.ubernetes.api.cluster.MemberCluster;
import io.ubernetes.api.resource.DeletionHook;
import io.ubernetes.api.workload.FederatedWorkload;
import io.ubernetes.scheduling.PlacementListener;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps each cluster's work in step with placements: renders the manifests of every cluster a
 * workload is committed to, writes those that changed, and leaves a removal instruction where it no
 * longer runs or when it is deleted. Everything happens in the transaction of the placement or the
 * deletion, so work never disagrees with what was committed.
 */
@Component
class WorkPublisher implements PlacementListener, DeletionHook {
  private final WorkStore work;
  private final WorkRenderer renderer;
  private final JsonMapper json;
  private final Clock clock;

  WorkPublisher(WorkStore work, WorkRenderer renderer, JsonMapper json, Clock clock) {
    this.work = work;
    this.renderer = renderer;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void placed(
      UUID uid,
      FederatedWorkload workload,
      Map<String, Integer> committed,
      Map<String, Map<String, String>> clusterLabels,
      Instant now) {
    work.lock();
    Map<String, WorkStore.Row> existing = work.of(uid);
    String namespace = workload.metadata().namespace();
    String name = workload.metadata().name();
    long generation = workload.metadata().generation();
    for (Map.Entry<String, Integer> share : committed.entrySet()) {
      String cluster = share.getKey();
      String manifests;
      String error = null;
      try {
        List<ObjectNode> rendered =
            renderer.render(
                workload, clusterLabels.getOrDefault(cluster, Map.of()), share.getValue());
        manifests = json.writeValueAsString(rendered);
      } catch (WorkRenderer.RenderException e) {
        manifests = "[]";
        error = e.getMessage();
      }
      WorkStore.Row before = existing.get(cluster);
      boolean unchanged =
          before != null
              && !before.deleted()
              && before.generation() == generation
              && Objects.equals(before.error(), error)
              && json.readTree(before.manifests()).equals(json.readTree(manifests));
      if (!unchanged) {
        work.put(cluster, uid, namespace, name, generation, manifests, error, now);
      }
    }
    for (WorkStore.Row row : existing.values()) {
      if (!row.deleted() && !committed.containsKey(row.cluster())) {
        work.tombstone(row.cluster(), uid, now);
      }
    }
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (FederatedWorkload.KIND.equals(kind)) {
      work.lock();
      Instant now = clock.instant();
      for (WorkStore.Row row : work.of(uid).values()) {
        if (!row.deleted()) {
          work.tombstone(row.cluster(), uid, now);
        }
      }
    } else if (MemberCluster.KIND.equals(kind)) {
      work.lock();
      work.forget(name);
    }
  }
}
