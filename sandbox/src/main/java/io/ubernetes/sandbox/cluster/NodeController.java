package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.mockcluster.MockApiServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the simulated nodes as the definition says: {@code node-1} to {@code node-N}, Ready, with
 * their allocatable resources, topology labels and provider ID. A node someone deleted comes back;
 * a changed capacity is written to every node.
 */
final class NodeController {
  static final String REGION_LABEL = "topology.kubernetes.io/region";
  static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  private final Mirror<Node> nodes;

  // What the last reconciliation saw: a pass runs after every change of any kind, and the nodes
  // change only when someone writes them or the definition changes.
  private ClusterDefinition reconciled;
  private long reconciledChanges = -1;

  NodeController(Mirror<Node> nodes) {
    this.nodes = nodes;
  }

  void reconcile(ClusterDefinition definition, Instant now) {
    if (definition.equals(reconciled) && nodes.changes() == reconciledChanges) {
      return;
    }
    Map<String, Node> existing = new HashMap<>();
    nodes.items().forEach(node -> existing.put(node.getMetadata().getName(), node));
    for (int i = 1; i <= definition.nodes(); i++) {
      String name = "node-" + i;
      Node current = existing.get(name);
      if (current == null) {
        nodes.create(
            desired(
                new NodeBuilder().withNewMetadata().endMetadata().build(), definition, name, now));
      } else {
        Node desired = desired(current, definition, name, now);
        if (!desired.equals(current)) {
          nodes.update(desired);
        }
      }
    }
    // Counted after its own writes: their watch events make one more reconciliation, which finds
    // nothing to do.
    reconciled = definition;
    reconciledChanges = nodes.changes();
  }

  /** The node as it should be: {@code current} with the simulated facts written over it. */
  static Node desired(Node current, ClusterDefinition definition, String name, Instant now) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (current.getMetadata().getLabels() != null) {
      labels.putAll(current.getMetadata().getLabels());
    }
    labels.put(REGION_LABEL, definition.region());
    labels.put(ZONE_LABEL, definition.zone());
    labels.put(HOSTNAME_LABEL, name);
    labels.put("kubernetes.io/os", "linux");
    Map<String, Quantity> resources = new LinkedHashMap<>();
    resources.put("cpu", new Quantity(definition.cpuPerNode()));
    resources.put("memory", new Quantity(definition.memoryPerNode()));
    resources.put("pods", new Quantity(Integer.toString(definition.podsPerNode())));
    return new NodeBuilder(current)
        .editMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .editOrNewSpec()
        .withProviderID(definition.provider() + ":///" + definition.zone() + "/" + name)
        .endSpec()
        .editOrNewStatus()
        .withCapacity(resources)
        .withAllocatable(resources)
        .withConditions(conditions(current, now))
        .editOrNewNodeInfo()
        .withKubeletVersion(MockApiServer.KUBERNETES_VERSION)
        .withOperatingSystem("linux")
        .withArchitecture("amd64")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  /** Ready=True, keeping the time it became so and any other condition. */
  private static List<NodeCondition> conditions(Node current, Instant now) {
    List<NodeCondition> conditions = new ArrayList<>();
    String since = PodLifecycle.timestamp(now);
    if (current.getStatus() != null && current.getStatus().getConditions() != null) {
      for (NodeCondition condition : current.getStatus().getConditions()) {
        if (!"Ready".equals(condition.getType())) {
          conditions.add(condition);
        } else if ("True".equals(condition.getStatus())
            && condition.getLastTransitionTime() != null) {
          since = condition.getLastTransitionTime();
        }
      }
    }
    conditions.add(
        new NodeConditionBuilder()
            .withType("Ready")
            .withStatus("True")
            .withReason("KubeletReady")
            .withMessage("kubelet is posting ready status")
            .withLastTransitionTime(since)
            .build());
    return conditions;
  }
}
