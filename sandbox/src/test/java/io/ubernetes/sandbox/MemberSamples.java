package io.ubernetes.sandbox;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the members run of one namespace, sampled every 200 ms from their own API servers: every
 * federated Deployment ever seen (so that one that disappears is noticed, whenever it does), and
 * each time one ran in a cluster outside those the namespace's workloads may use. A cluster whose
 * API server does not answer is skipped: what it had counts as still there.
 */
final class MemberSamples implements AutoCloseable {
  /** A federated Deployment in a member. */
  record Copy(String cluster, String namespace, String name) {}

  private final Sandbox sandbox;
  private final String namespace;
  private final Set<String> allowed;
  private final Set<Copy> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Copy>> latest = new ConcurrentHashMap<>();
  private final List<String> outside = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService sampler =
      Executors.newSingleThreadScheduledExecutor(
          r -> Thread.ofPlatform().name("samples").unstarted(r));

  MemberSamples(Sandbox sandbox, String namespace, Set<String> allowed) {
    this.sandbox = sandbox;
    this.namespace = namespace;
    this.allowed = Set.copyOf(allowed);
    sampler.scheduleWithFixedDelay(this::sample, 0, 200, TimeUnit.MILLISECONDS);
  }

  private void sample() {
    for (Sandbox.ClusterView view : sandbox.clusters()) {
      read(view.name()).ifPresent(copies -> latest.put(view.name(), copies));
    }
  }

  private Optional<Set<Copy>> read(String cluster) {
    List<Deployment> items;
    try {
      items =
          sandbox
              .member(cluster)
              .client()
              .apps()
              .deployments()
              .inNamespace(namespace)
              .withLabel("ubernetes.io/managed-by", "ubernetes")
              .list()
              .getItems();
    } catch (KubernetesClientException | IllegalArgumentException e) {
      // Failed, or restarting: its API server does not answer now.
      return Optional.empty();
    }
    Set<Copy> copies = new HashSet<>();
    for (Deployment deployment : items) {
      Copy copy = new Copy(cluster, namespace, deployment.getMetadata().getName());
      copies.add(copy);
      if (seen.add(copy) && !allowed.contains(cluster)) {
        outside.add(copy + " with " + deployment.getSpec().getReplicas() + " replicas");
      }
    }
    return Optional.of(copies);
  }

  /**
   * The copies seen once and gone now, after a fresh sample of every cluster that answers; each one
   * must have been removed by the federation's explicit instruction.
   */
  synchronized Set<Copy> gone() throws InterruptedException {
    try {
      sampler.submit(this::sample).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the members could not be sampled", e);
    }
    Map<String, Set<Copy>> now = new HashMap<>(latest);
    Set<Copy> gone = new TreeSet<>(MemberSamples::compare);
    for (Copy copy : seen) {
      Set<Copy> there = now.get(copy.cluster());
      if (there != null && !there.contains(copy)) {
        gone.add(copy);
      }
    }
    return gone;
  }

  /** What one cluster runs now, read from its API server at once. */
  Set<Copy> now(String cluster) {
    return read(cluster)
        .orElseThrow(() -> new IllegalStateException(cluster + "'s API server does not answer"));
  }

  /** The latest sample of one cluster (empty when its API server never answered). */
  Set<Copy> in(String cluster) {
    return latest.getOrDefault(cluster, Set.of());
  }

  /** Every time a copy was seen in a cluster outside the allowed ones. */
  List<String> outside() {
    return List.copyOf(outside);
  }

  private static int compare(Copy a, Copy b) {
    return (a.cluster() + "/" + a.name()).compareTo(b.cluster() + "/" + b.name());
  }

  @Override
  public void close() {
    sampler.shutdownNow();
  }
}
