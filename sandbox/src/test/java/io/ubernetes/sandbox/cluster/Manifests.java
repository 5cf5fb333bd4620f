package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;

/** Workloads and Services as a user or the member agent would write them. */
final class Manifests {
  private Manifests() {}

  /** A definition for tests: nodes of 4 cores, 8 GiB and 110 pods, pods ready after 300 ms. */
  static ClusterDefinition cluster(String name, int nodes) {
    return new ClusterDefinition(
        name,
        "eu-west",
        "eu-west-1a",
        "aws",
        "cloud",
        nodes,
        "4",
        "8Gi",
        110,
        "10.12.0.0/16",
        "203.0.113.0/24",
        Duration.ofMillis(300),
        0.034,
        0.0045);
  }

  static PodTemplateSpec template(String app, String image, String cpu, String memory) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", app)
        .addToAnnotations("example.com/owner", "team-" + app)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(app)
        .withImage(image)
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  static Deployment deployment(String namespace, String name, int replicas, String cpu) {
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
        .withTemplate(template(name, "nginx:1.27", cpu, "256Mi"))
        .endSpec()
        .build();
  }

  static StatefulSet statefulSet(String namespace, String name, int replicas) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName(name)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "postgres:17", "500m", "1Gi"))
        .endSpec()
        .build();
  }

  static ReplicaSet replicaSet(String namespace, String name, int replicas) {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withTemplate(template(name, "nginx:1.27", "100m", "128Mi"))
        .endSpec()
        .build();
  }

  static Job job(String namespace, String name, int completions, int parallelism) {
    PodTemplateSpec template = template(name, "busybox:1.37", "100m", "64Mi");
    template.getSpec().setRestartPolicy("Never");
    return new JobBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withCompletions(completions)
        .withParallelism(parallelism)
        .withTemplate(template)
        .endSpec()
        .build();
  }

  static Service service(String namespace, String name, String app, String type) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withType(type)
        .addToSelector("app", app)
        .addNewPort()
        .withName("web")
        .withPort(80)
        .withTargetPort(new IntOrString("http"))
        .endPort()
        .endSpec()
        .build();
  }
}
