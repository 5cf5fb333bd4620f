package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * What a pod requests, by Kubernetes' rules (kube-scheduler's {@code PodRequests}): containers are
 * summed; each init container runs alone, so they count as their maximum; sidecars (init containers
 * with {@code restartPolicy: Always}) keep running, so they add to everything after them; pod
 * overhead comes on top. Public so that whatever simulates a cluster counts exactly as the agent
 * does.
 */
public final class PodRequests {
  private PodRequests() {}

  public static Resources of(PodSpec spec) {
    Resources containers = Resources.ZERO;
    for (Container container : orEmpty(spec.getContainers())) {
      containers = containers.plus(requests(container));
    }
    Resources sidecars = Resources.ZERO;
    Resources initPeak = Resources.ZERO;
    for (Container init : orEmpty(spec.getInitContainers())) {
      Resources own = requests(init);
      Resources whileRunning;
      if ("Always".equals(init.getRestartPolicy())) {
        containers = containers.plus(own);
        sidecars = sidecars.plus(own);
        whileRunning = sidecars;
      } else {
        whileRunning = own.plus(sidecars);
      }
      initPeak = initPeak.max(whileRunning);
    }
    return containers.max(initPeak).plus(Resources.of(spec.getOverhead())).withPods(0);
  }

  private static Resources requests(Container container) {
    ResourceRequirements resources = container.getResources();
    return resources == null ? Resources.ZERO : Resources.of(resources.getRequests());
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
