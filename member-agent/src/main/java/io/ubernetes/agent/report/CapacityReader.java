package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.NodeGroup;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's capacity: what ready, schedulable nodes offer, what live pods the federation did
 * not place request, and what each of those nodes has free. Lists page by page and keeps sums only,
 * so that a large cluster does not need a large heap.
 */
final class CapacityReader {
  private final KubernetesClient client;

  CapacityReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * What the heartbeat tells of the cluster; {@code nodes} is what its nodes have free, grouped.
   */
  record Capacity(Resources allocatable, Resources allocated, List<NodeGroup> nodes) {
    static final Capacity UNKNOWN = new Capacity(Resources.ZERO, Resources.ZERO, List.of());

    Capacity {
      nodes = List.copyOf(nodes);
    }
  }

  /** Throws {@link io.fabric8.kubernetes.client.KubernetesClientException} when the API fails. */
  Capacity read() {
    // Per node that can take pods: its allocatable, less what the pods bound to it request.
    Map<String, Resources> free = new HashMap<>();
    Pages.forEach(
        client.nodes(),
        node -> {
          if (schedulable(node) && ready(node)) {
            free.put(node.getMetadata().getName(), Resources.of(node.getStatus().getAllocatable()));
          }
        });
    Resources allocatable = Resources.ZERO;
    for (Resources offered : free.values()) {
      allocatable = allocatable.plus(offered);
    }
    Usage usage = new Usage(free);
    // Every live pod, the federation's too: they all take room on their node.
    Pages.forEach(
        client
            .pods()
            .inAnyNamespace()
            .withoutField("status.phase", "Succeeded")
            .withoutField("status.phase", "Failed"),
        usage::add);
    return new Capacity(
        allocatable, usage.allocated(), NodeGroups.of(List.copyOf(free.values())).groups());
  }

  /**
   * What live pods request: those the federation did not place, in all (one pod slot each), and
   * every one bound to a node that can take pods, from what that node has free.
   */
  private static final class Usage {
    private final Map<String, Resources> free;
    private Resources allocated = Resources.ZERO;
    private long pods;

    Usage(Map<String, Resources> free) {
      this.free = free;
    }

    void add(Pod pod) {
      if (!live(pod)) {
        return;
      }
      Resources requests = PodRequests.of(pod.getSpec());
      if (!placedByTheFederation(pod)) {
        allocated = allocated.plus(requests);
        pods++;
      }
      String node = pod.getSpec().getNodeName();
      if (node != null) {
        free.computeIfPresent(node, (name, left) -> left.remainingAfter(requests.withPods(1)));
      }
    }

    Resources allocated() {
      return allocated.withPods(pods);
    }
  }

  private static boolean schedulable(Node node) {
    return node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable());
  }

  private static boolean ready(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition condition : node.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  /** The API server filters too; the same rule here keeps servers without field selectors right. */
  private static boolean live(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getSpec() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }

  private static boolean placedByTheFederation(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels != null && WireLabels.MANAGER.equals(labels.get(WireLabels.MANAGED_BY));
  }
}
