package io.ubernetes.agent.report;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the pods of the workloads whose pods are not all ready and tells which do not run as they
 * should. Workloads whose pods are all ready are never asked about, so they cost nothing. A
 * workload's pods are read again on a full report or when one of its workload objects changed;
 * otherwise what was read last holds. A few workloads are read one by one (their label in their
 * namespaces); more in one list of all the federation's pods, rather than a request each.
 */
final class PodIssueReader {
  /** A request per workload up to this many; past it, one list of the federation's pods. */
  private static final int SEPARATE_LISTS = 8;

  private final KubernetesClient client;
  private final Map<String, Known> known = new HashMap<>();

  PodIssueReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A workload whose pods are not all ready.
   *
   * @param label its {@link WireLabels#WORKLOAD} label, which its pods carry
   * @param namespaces the namespaces of its workload objects
   * @param objects the resourceVersions of its workload objects: when they move on, its pods are
   *     read again
   */
  record Wanted(String workloadUid, String label, Set<String> namespaces, String objects) {
    Wanted {
      namespaces = Set.copyOf(namespaces);
    }
  }

  private record Known(String objects, List<PodIssue> issues) {}

  /**
   * The issues of each wanted workload, by uid; forgets the others. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the member API server fails.
   *
   * @param again whether to read every wanted workload's pods, not only those of changed ones
   */
  Map<String, List<PodIssue>> read(List<Wanted> wanted, boolean again) {
    Map<String, List<PodIssue>> issues = new HashMap<>();
    Map<String, Wanted> toRead = new HashMap<>();
    Set<String> uids = new HashSet<>();
    for (Wanted workload : wanted) {
      uids.add(workload.workloadUid());
      Known last = known.get(workload.workloadUid());
      if (!again && last != null && last.objects().equals(workload.objects())) {
        issues.put(workload.workloadUid(), last.issues());
      } else {
        toRead.put(workload.label(), workload);
      }
    }
    known.keySet().retainAll(uids);
    if (toRead.isEmpty()) {
      return issues;
    }
    Map<String, PodIssues> tallies = new HashMap<>();
    toRead.keySet().forEach(label -> tallies.put(label, new PodIssues()));
    if (toRead.size() <= SEPARATE_LISTS) {
      for (Wanted workload : toRead.values()) {
        PodIssues tally = tallies.get(workload.label());
        for (String namespace : workload.namespaces()) {
          Pages.forEach(
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabel(WireLabels.WORKLOAD, workload.label())
                  .withoutField("status.phase", "Succeeded"),
              tally::add);
        }
      }
    } else {
      Pages.forEach(
          client
              .pods()
              .inAnyNamespace()
              .withLabel(WireLabels.MANAGED_BY, WireLabels.MANAGER)
              .withoutField("status.phase", "Succeeded"),
          pod -> {
            Map<String, String> labels = pod.getMetadata().getLabels();
            Wanted workload = labels == null ? null : toRead.get(labels.get(WireLabels.WORKLOAD));
            if (workload != null
                && workload.namespaces().contains(pod.getMetadata().getNamespace())) {
              tallies.get(workload.label()).add(pod);
            }
          });
    }
    for (Wanted workload : toRead.values()) {
      List<PodIssue> read = tallies.get(workload.label()).issues();
      known.put(workload.workloadUid(), new Known(workload.objects(), read));
      issues.put(workload.workloadUid(), read);
    }
    return issues;
  }
}
