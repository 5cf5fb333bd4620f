package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.scheduling.PlacementListener;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.FederatedServices;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each cluster's work in step with placements: renders the manifests of every cluster a
 * workload is committed to, with the Services of the FederatedServices in front of it, writes those
 * that changed, and leaves a removal instruction where it no longer runs or when it is deleted.
 * Everything happens in the transaction of the placement or the deletion, so work never disagrees
 * with what was committed.
 */
@Component
class WorkPublisher implements PlacementListener, DeletionHook {
  private final WorkStore work;
  private final WorkRenderer renderer;
  private final FederatedServices services;
  private final JsonMapper json;
  private final Clock clock;

  WorkPublisher(
      WorkStore work,
      WorkRenderer renderer,
      FederatedServices services,
      JsonMapper json,
      Clock clock) {
    this.work = work;
    this.renderer = renderer;
    this.services = services;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void placed(
      List<Placed> placements, Map<String, Map<String, String>> clusterLabels, Instant now) {
    work.lock();
    Map<UUID, Map<String, WorkStore.Row>> existing =
        work.of(placements.stream().map(Placed::workloadUid).toList());
    // Read under the work lock, which a service's write takes before it re-renders work: such a
    // write either committed before and is read here, or comes after and re-renders these rows.
    Map<FederatedServices.Workload, SortedMap<String, FederatedServiceSpec>> fronting =
        services.fronting(placements.stream().map(placed -> key(placed.workload())).toList());
    List<WorkStore.Put> puts = new ArrayList<>();
    List<WorkStore.Removal> removals = new ArrayList<>();
    for (Placed placed : placements) {
      UUID uid = placed.workloadUid();
      FederatedWorkload workload = placed.workload();
      Map<String, WorkStore.Row> rows = existing.getOrDefault(uid, Map.of());
      SortedMap<String, FederatedServiceSpec> fronted =
          fronting.getOrDefault(key(workload), Collections.emptySortedMap());
      long generation = workload.metadata().generation();
      for (Map.Entry<String, Integer> share : placed.committed().entrySet()) {
        String cluster = share.getKey();
        JsonNode manifests;
        String error = null;
        try {
          manifests =
              json.valueToTree(
                  renderer.render(
                      workload,
                      clusterLabels.getOrDefault(cluster, Map.of()),
                      share.getValue(),
                      fronted));
        } catch (WorkRenderer.RenderException e) {
          manifests = json.createArrayNode();
          error = e.getMessage();
        }
        WorkStore.Row before = rows.get(cluster);
        boolean unchanged =
            before != null
                && !before.deleted()
                && before.generation() == generation
                && Objects.equals(before.error(), error)
                && json.readTree(before.manifests()).equals(manifests);
        if (!unchanged) {
          puts.add(
              new WorkStore.Put(
                  cluster,
                  uid,
                  workload.metadata().namespace(),
                  workload.metadata().name(),
                  generation,
                  json.writeValueAsString(manifests),
                  error));
        }
      }
      for (WorkStore.Row row : rows.values()) {
        if (!row.deleted() && !placed.committed().containsKey(row.cluster())) {
          removals.add(new WorkStore.Removal(row.cluster(), uid));
        }
      }
    }
    work.put(puts, now);
    work.tombstone(removals, now);
  }

  private static FederatedServices.Workload key(FederatedWorkload workload) {
    return new FederatedServices.Workload(
        workload.metadata().namespace(), workload.metadata().name());
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (FederatedWorkload.KIND.equals(kind)) {
      work.lock();
      Instant now = clock.instant();
      List<WorkStore.Removal> removals = new ArrayList<>();
      for (WorkStore.Row row : work.of(uid).values()) {
        if (!row.deleted()) {
          removals.add(new WorkStore.Removal(row.cluster(), uid));
        }
      }
      work.tombstone(removals, now);
    } else if (MemberCluster.KIND.equals(kind)) {
      work.lock();
      work.forget(name);
    }
  }
}
