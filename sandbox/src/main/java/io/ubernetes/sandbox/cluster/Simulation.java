package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One run of the simulation against an answering API server: informers on every simulated kind and
 * the controllers that act on them, in the order a change flows (nodes, CustomResourceDefinitions
 * and claims, autoscalers, workloads, pods, Services and Ingresses). A new run starts from what the
 * API server stores, after an outage for instance. Not thread-safe: one thread runs the passes.
 */
final class Simulation {
  private final List<Mirror<?>> mirrors;
  private final Mirror<Node> nodes;
  private final Mirror<Pod> pods;
  private final NodeController nodeController;
  private final GarbageCollector garbageCollector;
  private final DeploymentController deployments;
  private final ReplicaSetController replicaSets;
  private final StatefulSetController statefulSets;
  private final JobController jobs;
  private final PodSimulator podSimulator;
  private final ServiceController services;
  private final CustomResourceDefinitionController definitions;
  private final HorizontalPodAutoscalerController autoscalers;
  private final PersistentVolumeClaimController claims;
  private final Clock clock;

  /**
   * @param onChange called on informer threads whenever a watched object changes
   */
  Simulation(
      KubernetesClient client, ClusterDefinition definition, Clock clock, Runnable onChange) {
    this.clock = clock;
    nodes = new Mirror<>(client, c -> c.nodes(), onChange);
    pods = new Mirror<>(client, c -> c.pods().inAnyNamespace(), onChange);
    Mirror<Deployment> deploymentMirror =
        new Mirror<>(client, c -> c.apps().deployments().inAnyNamespace(), onChange);
    Mirror<ReplicaSet> replicaSetMirror =
        new Mirror<>(client, c -> c.apps().replicaSets().inAnyNamespace(), onChange);
    Mirror<StatefulSet> statefulSetMirror =
        new Mirror<>(client, c -> c.apps().statefulSets().inAnyNamespace(), onChange);
    Mirror<Job> jobMirror =
        new Mirror<>(client, c -> c.batch().v1().jobs().inAnyNamespace(), onChange);
    Mirror<Service> serviceMirror =
        new Mirror<>(client, c -> c.services().inAnyNamespace(), onChange);
    Mirror<EndpointSlice> sliceMirror =
        new Mirror<>(client, c -> c.discovery().v1().endpointSlices().inAnyNamespace(), onChange);
    Mirror<Ingress> ingressMirror =
        new Mirror<>(client, c -> c.network().v1().ingresses().inAnyNamespace(), onChange);
    Mirror<CustomResourceDefinition> definitionMirror =
        new Mirror<>(client, c -> c.apiextensions().v1().customResourceDefinitions(), onChange);
    Mirror<HorizontalPodAutoscaler> autoscalerMirror =
        new Mirror<>(
            client,
            c -> c.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace(),
            onChange);
    Mirror<PersistentVolumeClaim> claimMirror =
        new Mirror<>(client, c -> c.persistentVolumeClaims().inAnyNamespace(), onChange);
    mirrors =
        List.of(
            nodes,
            pods,
            deploymentMirror,
            replicaSetMirror,
            statefulSetMirror,
            jobMirror,
            serviceMirror,
            sliceMirror,
            ingressMirror,
            definitionMirror,
            autoscalerMirror,
            claimMirror);

    NewPods created = new NewPods();
    nodeController = new NodeController(nodes);
    garbageCollector =
        new GarbageCollector(
            pods, List.of(deploymentMirror, replicaSetMirror, statefulSetMirror, jobMirror));
    deployments = new DeploymentController(deploymentMirror, pods, created);
    replicaSets = new ReplicaSetController(replicaSetMirror, pods, created);
    statefulSets = new StatefulSetController(statefulSetMirror, pods, created);
    jobs = new JobController(jobMirror, pods, created);
    podSimulator =
        new PodSimulator(
            pods,
            created,
            nodes,
            AddressPool.of(definition.podCidr()),
            definition.startDelay(),
            clock);
    services =
        new ServiceController(
            serviceMirror,
            sliceMirror,
            pods,
            ingressMirror,
            AddressPool.of(definition.loadBalancerCidr()),
            definition.zone());
    definitions = new CustomResourceDefinitionController(definitionMirror);
    autoscalers =
        new HorizontalPodAutoscalerController(
            autoscalerMirror, deploymentMirror, statefulSetMirror, replicaSetMirror);
    claims = new PersistentVolumeClaimController(claimMirror);
  }

  /** Starts the informers; completes when each has listed its kind once. */
  CompletableFuture<Void> start() {
    return CompletableFuture.allOf(
        mirrors.stream().map(Mirror::start).toArray(CompletableFuture<?>[]::new));
  }

  /** Whether every informer has listed its kind once; passes wait for it. */
  boolean synced() {
    return mirrors.stream().allMatch(Mirror::synced);
  }

  void stop() {
    mirrors.forEach(Mirror::stop);
  }

  /**
   * One reconciliation of everything; returns when a pod is next due to move on. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} if the API server fails.
   */
  Optional<Instant> pass(ClusterDefinition definition) {
    Instant now = clock.instant();
    nodeController.reconcile(definition, now);
    definitions.reconcile(now);
    claims.reconcile();
    garbageCollector.reconcile();
    autoscalers.reconcile(now);
    deployments.reconcile();
    replicaSets.reconcile();
    statefulSets.reconcile();
    jobs.reconcile(now);
    Optional<Instant> nextDue = podSimulator.reconcile();
    deployments.writeStatuses();
    services.reconcile();
    return nextDue;
  }

  /** Writes the nodes at once, as {@link SimulatedCluster#setCapacity} asks. */
  void reconcileNodes(ClusterDefinition definition) {
    nodeController.reconcile(definition, clock.instant());
  }

  /** Nodes, running pods and pending pods as the informers last saw them. */
  SimulatedCluster.State counts() {
    int running = 0;
    int pending = 0;
    for (Pod pod : pods.items()) {
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        continue;
      }
      switch (String.valueOf(Pods.phase(pod))) {
        case "Running" -> running++;
        case "Pending" -> pending++;
        default -> {
          // Finished pods are neither.
        }
      }
    }
    return new SimulatedCluster.State(
        SimulatedCluster.State.Status.UP, nodes.items().size(), running, pending);
  }
}
