package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.dependency.FederatedObject;
import io.ubernetes.federation.health.HealthRule;
import io.ubernetes.federation.override.ClusterOverridePolicy;
import io.ubernetes.federation.override.OverridePolicy;
import io.ubernetes.federation.override.RenderedWork;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategy;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the federation serves the Kubernetes way: the group, its version, and its resources with
 * their short names and verbs. Discovery describes exactly this list.
 */
final class KubernetesApi {
  static final String GROUP = "ubernetes.io";
  static final String VERSION = "v1";
  static final String GROUP_VERSION = GROUP + "/" + VERSION;

  /** Every resource is in this category: {@code kubectl get ubernetes} lists them all. */
  static final String CATEGORY = "ubernetes";

  private static final List<String> READ_WRITE =
      List.of("create", "delete", "get", "list", "patch", "update", "watch");

  static final List<ServedResource> RESOURCES =
      List.of(
          new ServedResource(
              "memberclusters",
              "membercluster",
              MemberCluster.KIND,
              false,
              List.of("mc"),
              READ_WRITE),
          new ServedResource(
              "placementpolicies",
              "placementpolicy",
              PlacementPolicy.KIND,
              false,
              List.of("pp"),
              READ_WRITE),
          new ServedResource(
              "rolloutstrategies",
              "rolloutstrategy",
              RolloutStrategy.KIND,
              false,
              List.of("ros"),
              READ_WRITE),
          new ServedResource(
              "clusteroverridepolicies",
              "clusteroverridepolicy",
              ClusterOverridePolicy.KIND,
              false,
              List.of("cop"),
              READ_WRITE),
          new ServedResource(
              "healthrules", "healthrule", HealthRule.KIND, false, List.of("hr"), READ_WRITE),
          new ServedResource(
              "federatedworkloads",
              "federatedworkload",
              FederatedWorkload.KIND,
              true,
              List.of("fw"),
              READ_WRITE),
          new ServedResource(
              "clusterfederatedworkloads",
              "clusterfederatedworkload",
              ClusterFederatedWorkload.KIND,
              false,
              List.of("cfw"),
              READ_WRITE),
          new ServedResource(
              "federatedservices",
              "federatedservice",
              FederatedService.KIND,
              true,
              List.of("fsvc"),
              READ_WRITE),
          new ServedResource(
              "overridepolicies",
              "overridepolicy",
              OverridePolicy.KIND,
              true,
              List.of("op"),
              READ_WRITE),
          new ServedResource(
              "federatedobjects",
              "federatedobject",
              FederatedObject.KIND,
              true,
              List.of("fo"),
              READ_WRITE));

  /**
   * Listed after every resource: Fabric8 takes the first entry of a kind as the kind's resource.
   * Status is the system's, hence read-only; the placement is the scheduler's decision; the
   * revisions are the workload's history; render is what one cluster gets of it.
   */
  static final List<ServedSubresource> SUBRESOURCES =
      List.of(
          new ServedSubresource("memberclusters", "status", MemberCluster.KIND, List.of("get")),
          new ServedSubresource(
              "placementpolicies", "status", PlacementPolicy.KIND, List.of("get")),
          new ServedSubresource(
              "rolloutstrategies", "status", RolloutStrategy.KIND, List.of("get")),
          new ServedSubresource(
              "clusteroverridepolicies", "status", ClusterOverridePolicy.KIND, List.of("get")),
          new ServedSubresource("healthrules", "status", HealthRule.KIND, List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "status", FederatedWorkload.KIND, List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "placement", "WorkloadPlacement", List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "revisions", "WorkloadRevisionList", List.of("get")),
          new ServedSubresource("federatedworkloads", "rollout", "WorkloadRollout", List.of("get")),
          new ServedSubresource("federatedworkloads", "render", RenderedWork.KIND, List.of("get")),
          new ServedSubresource(
              "clusterfederatedworkloads", "status", ClusterFederatedWorkload.KIND, List.of("get")),
          new ServedSubresource(
              "clusterfederatedworkloads", "placement", "WorkloadPlacement", List.of("get")),
          new ServedSubresource(
              "clusterfederatedworkloads", "revisions", "WorkloadRevisionList", List.of("get")),
          new ServedSubresource(
              "clusterfederatedworkloads", "rollout", "WorkloadRollout", List.of("get")),
          new ServedSubresource(
              "clusterfederatedworkloads", "render", RenderedWork.KIND, List.of("get")),
          new ServedSubresource(
              "federatedservices", "status", FederatedService.KIND, List.of("get")),
          new ServedSubresource("overridepolicies", "status", OverridePolicy.KIND, List.of("get")),
          new ServedSubresource(
              "federatedobjects", "status", FederatedObject.KIND, List.of("get")));

  /** The kinds whose objects take the rollout verbs (served by the rollout feature). */
  static final List<String> ROLLOUT_VERBS_RESOURCES =
      List.of("federatedworkloads", "clusterfederatedworkloads");

  /**
   * The rollout verbs, {@code POST .../{name}/rollout:<verb>}, with what each does; {@code %s} is
   * the kind.
   */
  static final Map<String, String> ROLLOUT_VERBS =
      orderedMap(
          "pause",
          "pause the rollout of the specified %s: sets spec.rolloutControl.paused",
          "resume",
          "resume the paused rollout of the specified %s: clears spec.rolloutControl.paused",
          "approve",
          "approve the gate the rollout of the specified %s waits on: sets"
              + " spec.rolloutControl.approve to <stage>@<revision>; 409 when it waits on none",
          "abort",
          "abort the rollout of the specified %s: sets spec.rolloutControl.abort"
              + " to the target revision; 409 when none is in progress",
          "rollback",
          "roll the specified %s back to a kept revision: sets spec.rolloutControl.rollbackTo");

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private KubernetesApi() {}
}
