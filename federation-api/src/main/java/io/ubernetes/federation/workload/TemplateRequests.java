package io.ubernetes.federation.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ubernetes.placement.Resources;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * What one replica of a workload requests, read from its template's pod spec the way the Kubernetes
 * scheduler counts it: the sum over containers, or the largest init container if that is more, per
 * resource. Kinds without a pod template request one pod slot and nothing else.
 */
@Component
public class TemplateRequests {
  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  private final KubernetesSerialization serialization = new KubernetesSerialization();

  public Resources perReplica(JsonNode template) {
    PodSpec pod;
    try {
      pod = podSpec(serialization.unmarshal(template.toString(), KubernetesResource.class));
    } catch (RuntimeException e) {
      // Validated on write; a template the model cannot read any more requests nothing.
      return new Resources(0, 0, 1);
    }
    if (pod == null) {
      return new Resources(0, 0, 1);
    }
    long[] containers = sum(pod.getContainers());
    long[] init = largest(pod.getInitContainers());
    return new Resources(Math.max(containers[0], init[0]), Math.max(containers[1], init[1]), 1);
  }

  private static PodSpec podSpec(KubernetesResource resource) {
    return switch (resource) {
      case Deployment d -> d.getSpec() == null ? null : spec(d.getSpec().getTemplate());
      case StatefulSet s -> s.getSpec() == null ? null : spec(s.getSpec().getTemplate());
      case DaemonSet d -> d.getSpec() == null ? null : spec(d.getSpec().getTemplate());
      case ReplicaSet r -> r.getSpec() == null ? null : spec(r.getSpec().getTemplate());
      case ReplicationController r -> r.getSpec() == null ? null : spec(r.getSpec().getTemplate());
      case Job j -> j.getSpec() == null ? null : spec(j.getSpec().getTemplate());
      case CronJob c ->
          c.getSpec() == null
                  || c.getSpec().getJobTemplate() == null
                  || c.getSpec().getJobTemplate().getSpec() == null
              ? null
              : spec(c.getSpec().getJobTemplate().getSpec().getTemplate());
      case Pod p -> p.getSpec();
      default -> null;
    };
  }

  private static PodSpec spec(PodTemplateSpec template) {
    return template == null ? null : template.getSpec();
  }

  private static long[] sum(List<Container> containers) {
    long[] total = new long[2];
    if (containers != null) {
      for (Container container : containers) {
        long[] one = requests(container);
        total[0] += one[0];
        total[1] += one[1];
      }
    }
    return total;
  }

  private static long[] largest(List<Container> containers) {
    long[] most = new long[2];
    if (containers != null) {
      for (Container container : containers) {
        long[] one = requests(container);
        most[0] = Math.max(most[0], one[0]);
        most[1] = Math.max(most[1], one[1]);
      }
    }
    return most;
  }

  /**
   * A container's cpu (millicores) and memory (bytes) requests; limits stand in for absent
   * requests.
   */
  private static long[] requests(Container container) {
    if (container.getResources() == null) {
      return new long[2];
    }
    Map<String, Quantity> requests = container.getResources().getRequests();
    Map<String, Quantity> limits = container.getResources().getLimits();
    return new long[] {
      millicores(pick(requests, limits, "cpu")), bytes(pick(requests, limits, "memory"))
    };
  }

  private static Quantity pick(
      Map<String, Quantity> requests, Map<String, Quantity> limits, String resource) {
    Quantity request = requests == null ? null : requests.get(resource);
    return request != null || limits == null ? request : limits.get(resource);
  }

  public static long millicores(Quantity quantity) {
    return quantity == null
        ? 0
        : Quantity.getAmountInBytes(quantity)
            .multiply(THOUSAND)
            .setScale(0, java.math.RoundingMode.CEILING)
            .longValueExact();
  }

  public static long bytes(Quantity quantity) {
    return quantity == null
        ? 0
        : Quantity.getAmountInBytes(quantity)
            .setScale(0, java.math.RoundingMode.CEILING)
            .longValueExact();
  }
}
