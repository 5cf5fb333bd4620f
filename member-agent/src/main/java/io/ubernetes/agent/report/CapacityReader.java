package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.sync.ManagedLabels;
import java.util.Map;

/**
 * The cluster's capacity: what ready, schedulable nodes offer, and what live pods the federation
 * did not place request. Lists page by page so that a large cluster does not need a large heap.
 */
final class CapacityReader {
  private static final long PAGE = 500;

  private final KubernetesClient client;

  CapacityReader(KubernetesClient client) {
    this.client = client;
  }

  record Capacity(Resources allocatable, Resources allocated) {}

  /** Throws {@link io.fabric8.kubernetes.client.KubernetesClientException} when the API fails. */
  Capacity read() {
    Resources allocatable = Resources.ZERO;
    String next = null;
    do {
      NodeList page = client.nodes().list(page(next));
      for (Node node : page.getItems()) {
        if (schedulable(node) && ready(node)) {
          allocatable = allocatable.plus(Resources.of(node.getStatus().getAllocatable()));
        }
      }
      next = continueToken(page.getMetadata());
    } while (next != null);

    Resources allocated = Resources.ZERO;
    long pods = 0;
    do {
      PodList page =
          client
              .pods()
              .inAnyNamespace()
              .withoutLabel(ManagedLabels.MANAGED_BY, ManagedLabels.MANAGER)
              .withoutField("status.phase", "Succeeded")
              .withoutField("status.phase", "Failed")
              .list(page(next));
      for (Pod pod : page.getItems()) {
        if (counted(pod)) {
          allocated = allocated.plus(PodRequests.of(pod.getSpec()));
          pods++;
        }
      }
      next = continueToken(page.getMetadata());
    } while (next != null);
    return new Capacity(allocatable, allocated.withPods(pods));
  }

  private static ListOptions page(String continueToken) {
    return new ListOptionsBuilder().withLimit(PAGE).withContinue(continueToken).build();
  }

  private static String continueToken(ListMeta meta) {
    return meta == null || meta.getContinue() == null || meta.getContinue().isEmpty()
        ? null
        : meta.getContinue();
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

  /** The API server filters too; the same rules here keep servers without field selectors right. */
  private static boolean counted(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    if (labels != null && ManagedLabels.MANAGER.equals(labels.get(ManagedLabels.MANAGED_BY))) {
      return false;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return pod.getSpec() != null && !"Succeeded".equals(phase) && !"Failed".equals(phase);
  }
}
