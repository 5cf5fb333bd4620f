package io.ubernetes.agent;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Work items and manifests, as the federation would send them. */
final class Workloads {
  private Workloads() {}

  static WorkItem item(
      String namespace, String name, long generation, long revision, HasMetadata... objects) {
    List<Map<String, Object>> manifests = Arrays.stream(objects).map(Workloads::manifest).toList();
    return new WorkItem(
        "uid-" + namespace + "-" + name,
        namespace,
        name,
        generation,
        revision,
        manifests,
        null,
        null,
        null,
        null);
  }

  /** The item as rendered from workload revision {@code workloadRevision}. */
  static WorkItem atRevision(WorkItem item, int workloadRevision) {
    return new WorkItem(
        item.workloadUid(),
        item.namespace(),
        item.name(),
        item.generation(),
        item.revision(),
        item.manifests(),
        item.error(),
        workloadRevision,
        null,
        null);
  }

  /** The item with {@code spec.replicas} of its workload object owned by an autoscaler there. */
  static WorkItem replicasOwnedByMember(WorkItem item, boolean owned) {
    return new WorkItem(
        item.workloadUid(),
        item.namespace(),
        item.name(),
        item.generation(),
        item.revision(),
        item.manifests(),
        item.error(),
        item.workloadRevision(),
        owned,
        item.feedback());
  }

  static Tombstone tombstone(String namespace, String name, long revision, ObjectRef... objects) {
    return new Tombstone(
        "uid-" + namespace + "-" + name, namespace, name, revision, List.of(objects));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> manifest(HasMetadata object) {
    return FederationStub.JSON.convertValue(object, Map.class);
  }

  static HasMetadata deployment(String namespace, String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("nginx:1.27")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  static HasMetadata service(String namespace, String name) {
    return service(namespace, name, "ClusterIP");
  }

  static HasMetadata service(String namespace, String name, String type) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addToSelector("app", name)
        .addNewPort()
        .withPort(80)
        .withTargetPort(new IntOrString(8080))
        .endPort()
        .endSpec()
        .build();
  }

  static HasMetadata configMap(String namespace, String name, String value) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .addToData("value", value)
        .build();
  }

  static ObjectRef ref(HasMetadata object) {
    return new ObjectRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }
}
