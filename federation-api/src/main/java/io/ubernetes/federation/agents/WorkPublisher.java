package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.rollout.RolloutStore;
import io.ubernetes.federation.rollout.WorkloadRevisions;
import io.ubernetes.federation.scheduling.PlacementListener;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.FederatedServices;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps each cluster's work in step with placements and rollouts: renders the manifests of every
 * cluster a workload is committed to, from the workload revision its rollout assigns the cluster,
 * with the Services of the FederatedServices in front of it, writes those that changed, and leaves
 * a removal instruction where it no longer runs or when it is deleted. Everything happens in the
 * transaction of the placement or the deletion, so work never disagrees with what was committed.
 */
@Component
class WorkPublisher implements PlacementListener, DeletionHook {
  private static final Logger log = LoggerFactory.getLogger(WorkPublisher.class);

  private final WorkStore work;
  private final WorkRenderer renderer;
  private final FederatedServices services;
  private final RolloutStore rollouts;
  private final WorkloadRevisions revisions;
  private final WorkFeedback feedback;
  private final JsonMapper json;
  private final Clock clock;

  WorkPublisher(
      WorkStore work,
      WorkRenderer renderer,
      FederatedServices services,
      RolloutStore rollouts,
      WorkloadRevisions revisions,
      WorkFeedback feedback,
      JsonMapper json,
      Clock clock) {
    this.feedback = feedback;
    this.work = work;
    this.renderer = renderer;
    this.services = services;
    this.rollouts = rollouts;
    this.revisions = revisions;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public void placed(
      List<Placed> placements, Map<String, Map<String, String>> clusterLabels, Instant now) {
    work.lock();
    List<UUID> uids = placements.stream().map(Placed::workloadUid).toList();
    Map<UUID, Map<String, WorkStore.Row>> existing = work.of(uids);
    Map<UUID, RolloutStore.Assignments> assigned = rollouts.assignments(uids);
    Map<UUID, Integer> newest = revisions.newestRevisions(uids);
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
      Revisions revisionsOf = new Revisions(workload, uid, newest.get(uid), assigned.get(uid));
      for (Map.Entry<String, Integer> share : placed.committed().entrySet()) {
        String cluster = share.getKey();
        Integer revision = revisionsOf.of(cluster);
        Optional<WorkRenderer.Content> content = revisionsOf.content(revision);
        if (content.isEmpty()) {
          // Trimming keeps every revision a rollout assigns. Should one be gone all the same, the
          // cluster keeps the work it has: running another revision there could be running one
          // the rollout has not reached.
          log.error(
              "Revision {} of workload {}/{}, assigned to cluster {}, is not kept: its work there"
                  + " stays as it is",
              revision,
              workload.metadata().namespace(),
              workload.metadata().name(),
              cluster);
          continue;
        }
        Rendering rendering =
            revisionsOf.rendering(
                cluster,
                revision,
                content.get(),
                clusterLabels.getOrDefault(cluster, Map.of()),
                share.getValue(),
                fronted);
        WorkStore.Row before = rows.get(cluster);
        // Who owns the replicas is the workload's current say, not its revision's: handing them to
        // the members' autoscalers (or back) changes no pod, so it needs no rollout.
        boolean memberReplicas = workload.spec().replicasByMembers();
        // The manifests carry the generation: a new one renders the work again.
        boolean unchanged =
            before != null
                && !before.deleted()
                && before.replicasOwnedByMember() == memberReplicas
                && Objects.equals(before.workloadRevision(), revision)
                && Objects.equals(before.error(), rendering.error())
                && rendering.isStored(before);
        if (!unchanged) {
          puts.add(
              new WorkStore.Put(
                  cluster,
                  uid,
                  // A ClusterFederatedWorkload's work has the empty namespace, as its row does.
                  workload.clusterScoped() ? "" : workload.metadata().namespace(),
                  workload.metadata().name(),
                  workload.metadata().generation(),
                  rendering.manifestsJson(),
                  rendering.error(),
                  revision,
                  memberReplicas,
                  rendering.feedbackJson()));
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

  /**
   * What {@link #placed} would publish to one cluster for a workload now, rendered the same way:
   * from the revision the workload's rollout assigns the cluster, with its share of replicas.
   *
   * @param share the cluster's share; 0 when the workload is not placed there
   * @return empty when the revision the cluster is assigned is not kept
   */
  Optional<Preview> preview(
      FederatedWorkload workload, String cluster, Map<String, String> labels, int share) {
    UUID uid = UUID.fromString(workload.metadata().uid());
    Revisions revisionsOf =
        new Revisions(
            workload,
            uid,
            revisions.newestRevisions(List.of(uid)).get(uid),
            rollouts.assignments(List.of(uid)).get(uid));
    Integer revision = revisionsOf.of(cluster);
    Optional<WorkRenderer.Content> content = revisionsOf.content(revision);
    if (content.isEmpty()) {
      return Optional.empty();
    }
    SortedMap<String, FederatedServiceSpec> fronted =
        services
            .fronting(List.of(key(workload)))
            .getOrDefault(key(workload), Collections.emptySortedMap());
    try {
      return Optional.of(
          new Preview(
              revision,
              renderer.render(
                  cluster,
                  WorkRenderer.Target.of(workload, revision),
                  content.get(),
                  labels,
                  share,
                  fronted),
              null));
    } catch (WorkRenderer.RenderException e) {
      return Optional.of(new Preview(revision, null, e.getMessage()));
    }
  }

  /**
   * A cluster's work as {@link #preview} renders it: the revision, and what it renders to or why it
   * does not.
   */
  record Preview(int revision, WorkRenderer.Rendered rendered, String error) {}

  /**
   * Which revision each cluster of one workload runs, and what that revision holds. A cluster the
   * workload's rollout assigned a revision runs it; one it has not assigned yet (it was placed in
   * this very pass, and the rollout comes after) runs the stable revision, or the newest when the
   * workload has no rollout yet: the rollout then decides within the same transaction.
   */
  private final class Revisions {
    private final FederatedWorkload workload;
    private final UUID uid;
    private final Integer newest;
    private final RolloutStore.Assignments assigned;
    private final Map<Integer, Optional<WorkRenderer.Content>> contents = new HashMap<>();
    private final Map<RenderKey, Rendering> renderings = new HashMap<>();

    Revisions(
        FederatedWorkload workload, UUID uid, Integer newest, RolloutStore.Assignments assigned) {
      this.workload = workload;
      this.uid = uid;
      // A workload made before revisions were kept gets its first one now.
      this.newest = newest != null ? newest : revisions.ensure(workload).revision();
      this.assigned = assigned;
    }

    Integer of(String cluster) {
      if (assigned == null) {
        return newest;
      }
      Integer revision = assigned.clusters().get(cluster);
      if (revision != null) {
        return revision;
      }
      return assigned.stable() != null ? assigned.stable() : newest;
    }

    /**
     * What a revision holds, read once: the newest too, since it holds what the workload draws from
     * outside its spec as well; empty for one that is not kept.
     */
    Optional<WorkRenderer.Content> content(int revision) {
      return contents.computeIfAbsent(
          revision, number -> revisions.content(uid, number).map(this::read));
    }

    /**
     * What a cluster gets of a revision, rendered, encoded and compared once for all the clusters
     * with the same override rules selecting them and the same share: a Duplicated workload on a
     * thousand clusters is rendered once, not a thousand times.
     */
    Rendering rendering(
        String cluster,
        int revision,
        WorkRenderer.Content content,
        Map<String, String> labels,
        int share,
        SortedMap<String, FederatedServiceSpec> fronted) {
      RenderKey key = new RenderKey(revision, renderer.select(cluster, content, labels), share);
      Rendering rendered = renderings.get(key);
      if (rendered != null) {
        return rendered;
      }
      JsonNode manifests;
      String error = null;
      try {
        manifests =
            json.valueToTree(
                renderer
                    .render(
                        cluster,
                        WorkRenderer.Target.of(workload, revision),
                        content,
                        labels,
                        share,
                        fronted)
                    .manifests());
      } catch (WorkRenderer.RenderException e) {
        manifests = json.createArrayNode();
        error = e.getMessage();
      }
      rendered =
          new Rendering(manifests, json.valueToTree(feedback.of(workload, manifests)), error);
      renderings.put(key, rendered);
      return rendered;
    }

    private WorkRenderer.Content read(JsonNode content) {
      List<JsonNode> resources = new ArrayList<>();
      content.path("resources").forEach(resources::add);
      List<ClusterOverride> overrides = new ArrayList<>();
      for (JsonNode override : content.path("overrides")) {
        overrides.add(json.treeToValue(override, ClusterOverride.class));
      }
      List<JsonNode> policyOverrides = new ArrayList<>();
      content.path(RevisionSource.POLICY_OVERRIDES).forEach(policyOverrides::add);
      List<JsonNode> dependencies = new ArrayList<>();
      content.path(RevisionSource.DEPENDENCIES).forEach(dependencies::add);
      return new WorkRenderer.Content(
          content.path("template"), resources, overrides, policyOverrides, dependencies);
    }
  }

  /** The clusters of one workload that get the same work: same revision, rules and share. */
  private record RenderKey(int revision, WorkRenderer.Selection selection, int share) {}

  /**
   * One rendering of a workload's work, shared by every cluster it is for: its manifests and
   * feedback as trees and as the JSON stored, and which stored texts were found equal to them, so
   * that the rows of a thousand clusters are parsed and compared once per distinct text.
   */
  private final class Rendering {
    private final JsonNode manifests;
    private final JsonNode feedback;
    private final String error;
    private final Map<String, Boolean> sameManifests = new HashMap<>();
    private final Map<String, Boolean> sameFeedback = new HashMap<>();
    private String manifestsJson;
    private String feedbackJson;

    Rendering(JsonNode manifests, JsonNode feedback, String error) {
      this.manifests = manifests;
      this.feedback = feedback;
      this.error = error;
    }

    String error() {
      return error;
    }

    /** Whether a cluster's stored work holds these manifests and this feedback already. */
    boolean isStored(WorkStore.Row row) {
      return sameManifests.computeIfAbsent(
              row.manifests(), stored -> json.readTree(stored).equals(manifests))
          && sameFeedback.computeIfAbsent(
              row.feedback(), stored -> json.readTree(stored).equals(feedback));
    }

    String manifestsJson() {
      if (manifestsJson == null) {
        manifestsJson = json.writeValueAsString(manifests);
      }
      return manifestsJson;
    }

    String feedbackJson() {
      if (feedbackJson == null) {
        feedbackJson = json.writeValueAsString(feedback);
      }
      return feedbackJson;
    }
  }

  private static FederatedServices.Workload key(FederatedWorkload workload) {
    return new FederatedServices.Workload(
        workload.metadata().namespace(), workload.metadata().name());
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (FederatedWorkload.isWorkload(kind)) {
      work.lock();
      work.tombstoneAll(uid, clock.instant());
    } else if (MemberCluster.KIND.equals(kind)) {
      work.lock();
      work.forget(name);
    }
  }
}
