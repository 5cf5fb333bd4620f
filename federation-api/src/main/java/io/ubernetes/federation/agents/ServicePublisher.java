package io.ubernetes.federation.agents;

import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.rollout.WorkloadRevisions;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.service.FederatedServiceListener;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.FederatedServices;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Brings the Services of a FederatedService into, or out of, the work of every cluster that runs
 * the workload it fronts (and the one it fronted before, when that changed), in the transaction of
 * the service's write or deletion: all of it commits with the service, or none.
 *
 * <p>Only the Services change: each cluster's work keeps the template, overrides and replicas it
 * was committed with, so this needs neither the placement ledger nor the clusters' labels, and it
 * cannot run ahead of the scheduler by rendering a workload spec that was not placed yet. The
 * resources are rendered again from the workload revision the work was rendered from (work from
 * before revisions: from the workload, when the work is of its current generation), so that a
 * resource a FederatedService of the same name replaced comes back when the service goes. Work of
 * an older generation without a revision keeps its resources as rendered: the workload's pending
 * placement renders it in full soon, and brings such a resource back then.
 */
@Component
class ServicePublisher implements FederatedServiceListener, DeletionHook {
  private final WorkStore work;
  private final WorkRenderer renderer;
  private final FederatedServices services;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloadKind;
  private final WorkloadRevisions revisions;
  private final WorkFeedback feedback;
  private final JsonMapper json;
  private final Clock clock;

  ServicePublisher(
      WorkStore work,
      WorkRenderer renderer,
      FederatedServices services,
      ResourceReader reader,
      FederatedWorkloadStrategy workloadKind,
      WorkloadRevisions revisions,
      WorkFeedback feedback,
      JsonMapper json,
      Clock clock) {
    this.work = work;
    this.renderer = renderer;
    this.services = services;
    this.reader = reader;
    this.workloadKind = workloadKind;
    this.revisions = revisions;
    this.feedback = feedback;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void writing(String namespace, String name, FederatedServiceSpec spec) {
    publish(namespace, name, spec);
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (FederatedService.KIND.equals(kind)) {
      publish(namespace, name, null);
    }
  }

  /**
   * Re-renders the work of the workloads the service fronts as stored and as it is to be.
   *
   * @param spec the service's spec to be stored; null when it is being deleted
   */
  private void publish(String namespace, String name, FederatedServiceSpec spec) {
    work.lock();
    // The service's row still holds what it was before this write: the workload it leaves.
    Set<String> workloads = new TreeSet<>();
    services.frontedBy(namespace, name).ifPresent(workloads::add);
    if (spec != null) {
      workloads.add(spec.workload());
    }
    Map<FederatedServices.Workload, SortedMap<String, FederatedServiceSpec>> fronting =
        services.fronting(
            workloads.stream().map(w -> new FederatedServices.Workload(namespace, w)).toList());
    Map<UUID, FederatedWorkload> byUid = new HashMap<>();
    reader
        .getNamed(workloadKind, namespace, workloads)
        .values()
        .forEach(workload -> byUid.put(UUID.fromString(workload.metadata().uid()), workload));
    List<WorkStore.Put> puts = new ArrayList<>();
    for (WorkStore.Row row : work.live(byUid.keySet())) {
      FederatedWorkload workload = byUid.get(row.workload());
      List<ObjectNode> rendered = manifests(row.manifests());
      if (rendered.isEmpty()) {
        // The cluster's work could not be rendered (its error says why): its agent keeps what it
        // runs, and the workload's next rendering brings the Services along.
        continue;
      }
      SortedMap<String, FederatedServiceSpec> after =
          new TreeMap<>(
              fronting.getOrDefault(
                  new FederatedServices.Workload(namespace, row.name()), new TreeMap<>()));
      after.remove(name);
      if (spec != null && spec.workload().equals(row.name())) {
        after.put(name, spec);
      }
      List<ObjectNode> manifests =
          renderer.withServices(
              rendered,
              new WorkRenderer.Target(
                  namespace, row.name(), row.generation(), row.workloadRevision()),
              resources(workload, row),
              after);
      if (!manifests.equals(rendered)) {
        puts.add(
            new WorkStore.Put(
                row.cluster(),
                row.workload(),
                row.namespace(),
                row.name(),
                row.generation(),
                json.writeValueAsString(manifests),
                row.error(),
                row.workloadRevision(),
                row.replicasOwnedByMember(),
                // A health rule may judge the Services that came or went.
                feedback.refreshed(row.feedback(), json.valueToTree(manifests), null)));
      }
    }
    work.put(puts, clock.instant());
  }

  /**
   * The resources of the revision the cluster's work was rendered from; without a revision, the
   * workload's when the work is of its current generation; else null (unknown).
   */
  private List<JsonNode> resources(FederatedWorkload workload, WorkStore.Row row) {
    if (row.workloadRevision() != null) {
      return revisions
          .content(row.workload(), row.workloadRevision())
          .map(
              content -> {
                List<JsonNode> resources = new ArrayList<>();
                content.path("resources").forEach(resources::add);
                return resources;
              })
          .orElse(null);
    }
    return workload.metadata().generation() == row.generation()
        ? workload.spec().resources()
        : null;
  }

  private List<ObjectNode> manifests(String stored) {
    List<ObjectNode> manifests = new ArrayList<>();
    json.readTree(stored).forEach(manifest -> manifests.add((ObjectNode) manifest));
    return manifests;
  }
}
