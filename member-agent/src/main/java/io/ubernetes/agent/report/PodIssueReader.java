package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.WireLabels;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the pods of the federation's workloads and tells which do not run as they should, and how
 * often the containers of the applied template restarted. A workload's pods are read when one of
 * its workload objects changed (a crash loop changes its readiness counts, and with them the
 * object's status) and, for the workloads whose pods are not all ready, on every full report too;
 * otherwise what was read last holds. So a workload whose pods are all ready and stay so costs
 * nothing, and its pod issues are not reported (there are none that matter). A few workloads are
 * read one by one (their label in their namespaces); more in one list of all the federation's pods,
 * rather than a request each. The current ReplicaSet of a Deployment is looked up the same way, in
 * the same reads.
 */
final class PodIssueReader {
  private static final Logger log = LoggerFactory.getLogger(PodIssueReader.class);

  /** A request per workload up to this many; past it, one list of the federation's pods. */
  private static final int SEPARATE_LISTS = 8;

  /** The Deployment controller's revision of a Deployment and of its ReplicaSets. */
  static final String DEPLOYMENT_REVISION = "deployment.kubernetes.io/revision";

  private final KubernetesClient client;
  private final Map<String, Known> known = new HashMap<>();
  private volatile boolean replicaSetsForbidden;

  PodIssueReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * A workload with workload objects.
   *
   * @param label its {@link WireLabels#WORKLOAD} label, which its pods carry
   * @param namespaces the namespaces of its workload objects
   * @param objects the resourceVersions of its workload objects: when they move on, its pods are
   *     read again
   * @param allReady whether its workload objects say every pod is ready
   * @param current the {@link Restarts#key} of its current pod templates known from the workload
   *     objects themselves (a StatefulSet's update revision)
   * @param deployments its Deployments that tell their revision, whose current ReplicaSet is looked
   *     up
   */
  record Wanted(
      String workloadUid,
      String label,
      Set<String> namespaces,
      String objects,
      boolean allReady,
      Set<String> current,
      List<DeploymentRevision> deployments) {
    Wanted {
      namespaces = Set.copyOf(namespaces);
      current = Set.copyOf(current);
      deployments = List.copyOf(deployments);
    }
  }

  /** A Deployment and its {@value #DEPLOYMENT_REVISION} annotation. */
  record DeploymentRevision(String namespace, String name, String revision) {}

  /**
   * What the pods of one workload tell.
   *
   * @param issues pods that do not run as they should; empty while all are ready
   * @param restarts container restarts of the pods that run the applied template
   */
  record PodHealth(List<PodIssue> issues, int restarts) {}

  private record Known(String objects, List<PodIssue> issues, int restarts) {}

  /**
   * The pod health of each wanted workload, by uid; forgets the others. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the member API server fails.
   *
   * @param again whether to read the pods of every wanted workload whose pods are not all ready,
   *     not only those of changed ones
   */
  Map<String, PodHealth> read(List<Wanted> wanted, boolean again) {
    Map<String, PodHealth> health = new HashMap<>();
    Map<String, Wanted> toRead = new HashMap<>();
    Set<String> uids = new HashSet<>();
    for (Wanted workload : wanted) {
      uids.add(workload.workloadUid());
      Known last = known.get(workload.workloadUid());
      if (last != null
          && last.objects().equals(workload.objects())
          && !(again && !workload.allReady())) {
        health.put(workload.workloadUid(), health(workload, last));
      } else {
        toRead.put(workload.label(), workload);
      }
    }
    known.keySet().retainAll(uids);
    if (toRead.isEmpty()) {
      return health;
    }
    Map<String, PodIssues> issues = new HashMap<>();
    Map<String, Restarts> restarts = new HashMap<>();
    Map<String, Set<String>> current = new HashMap<>();
    for (Wanted workload : toRead.values()) {
      issues.put(workload.label(), new PodIssues());
      restarts.put(workload.label(), new Restarts());
      current.put(workload.label(), new HashSet<>(workload.current()));
    }
    Consumer<Pod> tally =
        pod -> {
          String label = workloadOf(pod, toRead);
          if (label != null) {
            issues.get(label).add(pod);
            restarts.get(label).add(pod);
          }
        };
    Consumer<ReplicaSet> currentSet =
        set -> {
          String label = workloadOf(set, toRead);
          if (label != null) {
            currentTemplate(set, toRead.get(label)).ifPresent(current.get(label)::add);
          }
        };
    if (toRead.size() <= SEPARATE_LISTS) {
      for (Wanted workload : toRead.values()) {
        for (String namespace : workload.namespaces()) {
          Pages.forEach(
              client
                  .pods()
                  .inNamespace(namespace)
                  .withLabel(WireLabels.WORKLOAD, workload.label())
                  .withoutField("status.phase", "Succeeded"),
              tally);
        }
        for (String namespace :
            workload.deployments().stream()
                .map(DeploymentRevision::namespace)
                .distinct()
                .toList()) {
          Pages.forEach(
              client
                  .apps()
                  .replicaSets()
                  .inNamespace(namespace)
                  .withLabel(WireLabels.WORKLOAD, workload.label()),
              currentSet);
        }
      }
    } else {
      Pages.forEach(
          client
              .pods()
              .inAnyNamespace()
              .withLabel(WireLabels.MANAGED_BY, WireLabels.MANAGER)
              .withoutField("status.phase", "Succeeded"),
          tally);
      if (toRead.values().stream().anyMatch(w -> !w.deployments().isEmpty())) {
        replicaSets(
            client
                .apps()
                .replicaSets()
                .inAnyNamespace()
                .withLabel(WireLabels.MANAGED_BY, WireLabels.MANAGER),
            currentSet);
      }
    }
    for (Wanted workload : toRead.values()) {
      Known read =
          new Known(
              workload.objects(),
              issues.get(workload.label()).issues(),
              restarts.get(workload.label()).of(current.get(workload.label())));
      known.put(workload.workloadUid(), read);
      health.put(workload.workloadUid(), health(workload, read));
    }
    return health;
  }

  /**
   * Lists ReplicaSets unless the agent may not: then a Deployment's current template is the one of
   * its newest pods (see {@link Restarts#of}), and the status report goes on.
   */
  private void replicaSets(
      Listable<? extends KubernetesResourceList<ReplicaSet>> list, Consumer<ReplicaSet> action) {
    if (replicaSetsForbidden) {
      return;
    }
    try {
      Pages.forEach(list, action);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      replicaSetsForbidden = true;
      log.warn(
          "The agent may not list ReplicaSets ({}): restarts are counted on the pods of each"
              + " Deployment's newest template",
          FailureReason.why(e, client.getMasterUrl()));
    }
  }

  private static PodHealth health(Wanted workload, Known known) {
    return new PodHealth(workload.allReady() ? List.of() : known.issues(), known.restarts());
  }

  /** The label of the wanted workload the object belongs to, or null. */
  private static String workloadOf(HasMetadata object, Map<String, Wanted> toRead) {
    Map<String, String> labels = object.getMetadata().getLabels();
    Wanted workload = labels == null ? null : toRead.get(labels.get(WireLabels.WORKLOAD));
    return workload != null && workload.namespaces().contains(object.getMetadata().getNamespace())
        ? workload.label()
        : null;
  }

  /**
   * The template key of a ReplicaSet that is the current one of one of the workload's Deployments:
   * the Deployment controller gives the current ReplicaSet the Deployment's own revision.
   */
  private static Optional<String> currentTemplate(ReplicaSet set, Wanted workload) {
    Map<String, String> annotations = set.getMetadata().getAnnotations();
    Map<String, String> labels = set.getMetadata().getLabels();
    if (annotations == null || labels == null || labels.get(Restarts.POD_TEMPLATE_HASH) == null) {
      return Optional.empty();
    }
    for (OwnerReference owner : set.getMetadata().getOwnerReferences()) {
      if (!"Deployment".equals(owner.getKind()) || !Boolean.TRUE.equals(owner.getController())) {
        continue;
      }
      for (DeploymentRevision deployment : workload.deployments()) {
        if (deployment.name().equals(owner.getName())
            && deployment.namespace().equals(set.getMetadata().getNamespace())
            && deployment.revision().equals(annotations.get(DEPLOYMENT_REVISION))) {
          return Optional.of(
              Restarts.key(Restarts.POD_TEMPLATE_HASH, labels.get(Restarts.POD_TEMPLATE_HASH)));
        }
      }
    }
    return Optional.empty();
  }
}
