package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;

/**
 * The pods the workload controllers asked for in one pass. They are not written yet: the pod
 * simulator binds them and starts them first, as kube-scheduler and a kubelet would at once, so a
 * new pod costs the API server one write instead of three. Confined to the simulator's thread.
 */
final class NewPods {
  private final List<Pod> requested = new ArrayList<>();

  void add(Pod pod) {
    requested.add(pod);
  }

  /** The pods asked for since the last call, in the order they were asked for. */
  List<Pod> drain() {
    List<Pod> drained = List.copyOf(requested);
    requested.clear();
    return drained;
  }
}
