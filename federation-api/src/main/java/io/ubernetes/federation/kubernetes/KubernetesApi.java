package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategy;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.util.List;

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
              "federatedworkloads",
              "federatedworkload",
              FederatedWorkload.KIND,
              true,
              List.of("fw"),
              READ_WRITE),
          new ServedResource(
              "federatedservices",
              "federatedservice",
              FederatedService.KIND,
              true,
              List.of("fsvc"),
              READ_WRITE));

  /**
   * Listed after every resource: Fabric8 takes the first entry of a kind as the kind's resource.
   * Status is the system's, hence read-only; the placement is the scheduler's decision; the
   * revisions are the workload's history.
   */
  static final List<ServedSubresource> SUBRESOURCES =
      List.of(
          new ServedSubresource("memberclusters", "status", MemberCluster.KIND, List.of("get")),
          new ServedSubresource(
              "placementpolicies", "status", PlacementPolicy.KIND, List.of("get")),
          new ServedSubresource(
              "rolloutstrategies", "status", RolloutStrategy.KIND, List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "status", FederatedWorkload.KIND, List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "placement", "WorkloadPlacement", List.of("get")),
          new ServedSubresource(
              "federatedworkloads", "revisions", "WorkloadRevisionList", List.of("get")),
          new ServedSubresource(
              "federatedservices", "status", FederatedService.KIND, List.of("get")));

  private KubernetesApi() {}
}
