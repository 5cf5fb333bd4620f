package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.PodIssue;
import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.agent.state.StoredState;
import io.ubernetes.agent.sync.ApplyOutcome;
import io.ubernetes.agent.sync.DesiredState;
import io.ubernetes.agent.sync.Manifests;
import io.ubernetes.agent.sync.Reconciler;
import io.ubernetes.agent.sync.WorkloadKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each desired workload looks like in the cluster: the reconciler's outcome and the workload
 * revision whose objects were all applied, the replicas of its workload objects, the pods that do
 * not run as they should when not all are ready, failed Jobs, the restarts of the containers of the
 * applied template (see {@link PodIssueReader} for when pods are read), how its Services can be
 * reached, and how each of its objects is doing ({@link ObjectStatuses}). Reads the drift
 * informers' caches where it can, the API server otherwise.
 */
final class WorkloadStatusReader {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final DesiredState desired;
  private final Reconciler reconciler;
  private final PodIssueReader podIssues;
  private final ObjectStatuses objectStatuses;

  WorkloadStatusReader(KubernetesClient client, DesiredState desired, Reconciler reconciler) {
    this.client = client;
    this.desired = desired;
    this.reconciler = reconciler;
    this.podIssues = new PodIssueReader(client);
    this.objectStatuses = new ObjectStatuses(reconciler, client.getKubernetesSerialization());
  }

  /**
   * Reports by workload uid, for workloads reconciled at least once. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the member API server fails.
   *
   * @param full whether this is a full report: the pods of every workload whose pods are not all
   *     ready are read again, not only those of workloads whose objects changed
   */
  Map<String, WorkloadReport> read(boolean full) {
    List<Observed> observed = new ArrayList<>();
    List<PodIssueReader.Wanted> withPods = new ArrayList<>();
    Set<ObjectRef> desiredObjects = new HashSet<>();
    for (WorkItem item : desired.items()) {
      WorkloadKey key = new WorkloadKey(item.namespace(), item.name());
      Optional<ApplyOutcome> outcome = reconciler.outcome(key);
      Optional<WorkItem> renderError = desired.renderError(key);
      if (outcome.isEmpty() && renderError.isEmpty()) {
        continue;
      }
      List<String> errors = new ArrayList<>();
      renderError.ifPresent(failed -> errors.add(failed.error()));
      outcome.ifPresent(o -> errors.addAll(o.errors()));
      long generation =
          renderError.map(WorkItem::generation).orElseGet(() -> outcome.get().generation());
      boolean applied = renderError.isEmpty() && outcome.get().applied();
      WorkloadReplicas replicas = WorkloadReplicas.NONE;
      Set<String> podNamespaces = new TreeSet<>();
      StringBuilder objects = new StringBuilder();
      List<ServiceReport> services = new ArrayList<>();
      List<PodIssue> jobIssues = new ArrayList<>();
      Set<String> currentTemplates = new TreeSet<>();
      List<PodIssueReader.DeploymentRevision> deployments = new ArrayList<>();
      Set<ObjectRef> refs = Manifests.refs(item);
      desiredObjects.addAll(refs);
      for (ObjectRef ref : refs) {
        HasMetadata live = reconciler.cached(ref).orElse(null);
        switch (ref.kind()) {
          case "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet" -> {
            HasMetadata object = live != null ? live : get(ref);
            replicas = replicas.plus(WorkloadReplicas.of(object));
            podNamespaces.add(ref.namespace());
            objects
                .append(Manifests.describe(ref))
                .append('@')
                .append(object == null ? "" : object.getMetadata().getResourceVersion())
                .append(' ');
            currentTemplate(object, currentTemplates, deployments);
          }
          case "Job" -> {
            if ("batch/v1".equals(ref.apiVersion())) {
              HasMetadata object = live != null ? live : get(ref);
              if (object instanceof Job job) {
                PodIssues.jobFailed(job).ifPresent(jobIssues::add);
              }
            }
          }
          case "Service" -> {
            if ("v1".equals(ref.apiVersion())) {
              services.add(service(ref, live != null ? live : get(ref)));
            }
          }
          default -> {
            // Other kinds have no replicas or addresses to report.
          }
        }
      }
      if (!podNamespaces.isEmpty()) {
        withPods.add(
            new PodIssueReader.Wanted(
                item.workloadUid(),
                key.label(),
                podNamespaces,
                objects.toString(),
                replicas.allReady(),
                currentTemplates,
                deployments));
      }
      // The revision whose objects all run: while a newer one is refused, still the older one.
      Integer workloadRevision =
          desired.applied(key).map(StoredState.Applied::workloadRevision).orElse(null);
      observed.add(
          new Observed(
              item.workloadUid(),
              generation,
              applied,
              replicas,
              errors,
              services,
              workloadRevision,
              jobIssues,
              merged(
                  outcome.map(ApplyOutcome::pending).orElse(List.of()),
                  outcome.isEmpty() ? List.of() : objectStatuses.of(item, refs))));
    }
    objectStatuses.retain(desiredObjects);
    Map<String, PodIssueReader.PodHealth> pods = podIssues.read(withPods, full);
    Map<String, WorkloadReport> reports = new LinkedHashMap<>();
    for (Observed o : observed) {
      PodIssueReader.PodHealth health = pods.get(o.workloadUid());
      List<PodIssue> issues = new ArrayList<>(o.jobIssues());
      if (health != null) {
        issues.addAll(health.issues());
      }
      reports.put(
          o.workloadUid(),
          new WorkloadReport(
              o.workloadUid(),
              o.generation(),
              o.applied(),
              o.replicas().replicas(),
              o.replicas().ready(),
              o.errors(),
              o.services(),
              o.replicas().updated(),
              o.replicas().available(),
              issues,
              o.workloadRevision(),
              health == null ? null : health.restarts(),
              o.objects()));
    }
    return reports;
  }

  private record Observed(
      String workloadUid,
      long generation,
      boolean applied,
      WorkloadReplicas replicas,
      List<String> errors,
      List<ServiceReport> services,
      Integer workloadRevision,
      List<PodIssue> jobIssues,
      // Objects held back first, each with why (a custom resource waiting for its definition),
      // then how the others are doing.
      List<ObjectStatus> objects) {}

  /** The objects held back, and how each other object is doing. */
  private static List<ObjectStatus> merged(List<ObjectStatus> pending, List<ObjectStatus> judged) {
    if (pending.isEmpty()) {
      return judged;
    }
    Set<List<String>> held = new HashSet<>();
    pending.forEach(o -> held.add(identity(o)));
    List<ObjectStatus> all = new ArrayList<>(pending);
    judged.stream().filter(o -> !held.contains(identity(o))).forEach(all::add);
    return all;
  }

  private static List<String> identity(ObjectStatus object) {
    return Arrays.asList(object.apiVersion(), object.kind(), object.namespace(), object.name());
  }

  /**
   * Where a workload object tells which pods run its current template: a StatefulSet's update
   * revision, a Deployment's revision (its current ReplicaSet has the same).
   */
  private static void currentTemplate(
      HasMetadata object,
      Set<String> currentTemplates,
      List<PodIssueReader.DeploymentRevision> deployments) {
    if (object instanceof StatefulSet set
        && set.getStatus() != null
        && set.getStatus().getUpdateRevision() != null) {
      currentTemplates.add(
          Restarts.key(Restarts.REVISION_HASH, set.getStatus().getUpdateRevision()));
    } else if (object instanceof Deployment deployment
        && deployment.getMetadata().getAnnotations() != null
        && deployment.getMetadata().getAnnotations().get(PodIssueReader.DEPLOYMENT_REVISION)
            != null) {
      deployments.add(
          new PodIssueReader.DeploymentRevision(
              deployment.getMetadata().getNamespace(),
              deployment.getMetadata().getName(),
              deployment.getMetadata().getAnnotations().get(PodIssueReader.DEPLOYMENT_REVISION)));
    }
  }

  private HasMetadata get(ObjectRef ref) {
    return switch (ref.kind()) {
      case "Deployment" ->
          client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "StatefulSet" ->
          client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "ReplicaSet" ->
          client.apps().replicaSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "DaemonSet" ->
          client.apps().daemonSets().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "Job" ->
          client.batch().v1().jobs().inNamespace(ref.namespace()).withName(ref.name()).get();
      case "Service" -> client.services().inNamespace(ref.namespace()).withName(ref.name()).get();
      default -> null;
    };
  }

  /**
   * A LoadBalancer Service's ingress addresses (none while the load balancer is pending: its pods'
   * addresses are not what it promises clients), else the ready endpoints' addresses.
   */
  private ServiceReport service(ObjectRef ref, HasMetadata live) {
    TreeSet<String> endpointAddresses = new TreeSet<>();
    int readyEndpoints = 0;
    for (EndpointSlice slice :
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(ref.namespace())
            .withLabel(SERVICE_NAME_LABEL, ref.name())
            .list()
            .getItems()) {
      for (Endpoint endpoint :
          slice.getEndpoints() == null ? List.<Endpoint>of() : slice.getEndpoints()) {
        // An unknown readiness counts as ready, as the EndpointSlice API asks of consumers.
        boolean isReady =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (isReady) {
          readyEndpoints++;
          if (endpoint.getAddresses() != null) {
            endpointAddresses.addAll(endpoint.getAddresses());
          }
        }
      }
    }
    if (!(live instanceof Service service
        && service.getSpec() != null
        && "LoadBalancer".equals(service.getSpec().getType()))) {
      return new ServiceReport(ref.name(), List.copyOf(endpointAddresses), readyEndpoints);
    }
    TreeSet<String> ingress = new TreeSet<>();
    if (service.getStatus() != null
        && service.getStatus().getLoadBalancer() != null
        && service.getStatus().getLoadBalancer().getIngress() != null) {
      for (LoadBalancerIngress entry : service.getStatus().getLoadBalancer().getIngress()) {
        if (entry.getIp() != null) {
          ingress.add(entry.getIp());
        } else if (entry.getHostname() != null) {
          ingress.add(entry.getHostname());
        }
      }
    }
    return new ServiceReport(ref.name(), List.copyOf(ingress), readyEndpoints);
  }
}
