package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.ServiceReport;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.agent.sync.ApplyOutcome;
import io.ubernetes.agent.sync.DesiredState;
import io.ubernetes.agent.sync.Manifests;
import io.ubernetes.agent.sync.Reconciler;
import io.ubernetes.agent.sync.WorkloadKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What each desired workload looks like in the cluster: the reconciler's outcome, the replicas of
 * its workload objects, and how its Services can be reached. Reads the drift informers' caches
 * where it can, the API server otherwise.
 */
final class WorkloadStatusReader {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private final KubernetesClient client;
  private final DesiredState desired;
  private final Reconciler reconciler;

  WorkloadStatusReader(KubernetesClient client, DesiredState desired, Reconciler reconciler) {
    this.client = client;
    this.desired = desired;
    this.reconciler = reconciler;
  }

  /**
   * Reports by workload uid, for workloads reconciled at least once. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the member API server fails.
   */
  Map<String, WorkloadReport> read() {
    Map<String, WorkloadReport> reports = new LinkedHashMap<>();
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
      int replicas = 0;
      int ready = 0;
      List<ServiceReport> services = new ArrayList<>();
      for (ObjectRef ref : Manifests.refs(item)) {
        HasMetadata live = reconciler.cached(ref).orElse(null);
        switch (ref.kind()) {
          case "Deployment", "StatefulSet", "ReplicaSet", "DaemonSet" -> {
            int[] counts = replicas(live != null ? live : get(ref));
            replicas += counts[0];
            ready += counts[1];
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
      reports.put(
          item.workloadUid(),
          new WorkloadReport(
              item.workloadUid(),
              generation,
              applied,
              replicas,
              ready,
              errors,
              services,
              null,
              null,
              null));
    }
    return reports;
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
      case "Service" -> client.services().inNamespace(ref.namespace()).withName(ref.name()).get();
      default -> null;
    };
  }

  /** {wanted, ready}: spec.replicas (1 when unset) and readyReplicas; a DaemonSet's scheduled. */
  private static int[] replicas(HasMetadata live) {
    if (live instanceof Deployment d && d.getSpec() != null) {
      return new int[] {
        orDefault(d.getSpec().getReplicas(), 1),
        d.getStatus() == null ? 0 : orDefault(d.getStatus().getReadyReplicas(), 0)
      };
    }
    if (live instanceof StatefulSet s && s.getSpec() != null) {
      return new int[] {
        orDefault(s.getSpec().getReplicas(), 1),
        s.getStatus() == null ? 0 : orDefault(s.getStatus().getReadyReplicas(), 0)
      };
    }
    if (live instanceof ReplicaSet r && r.getSpec() != null) {
      return new int[] {
        orDefault(r.getSpec().getReplicas(), 1),
        r.getStatus() == null ? 0 : orDefault(r.getStatus().getReadyReplicas(), 0)
      };
    }
    if (live instanceof DaemonSet d && d.getStatus() != null) {
      return new int[] {
        orDefault(d.getStatus().getDesiredNumberScheduled(), 0),
        orDefault(d.getStatus().getNumberReady(), 0)
      };
    }
    return new int[] {0, 0};
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

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
