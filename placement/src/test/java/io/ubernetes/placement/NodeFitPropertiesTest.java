package io.ubernetes.placement;

import static io.ubernetes.placement.Fleet.GI;
import static io.ubernetes.placement.Fleet.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Decision.Detail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The per-node estimate never overstates: whatever the fleet's nodes and the workloads' sizes, a
 * first-fit of the replicas placed onto the nodes the clusters reported, one pod at a time, in the
 * order the batch placed them, finds a node for every new pod.
 */
class NodeFitPropertiesTest {
  private static final PlacementEngine ENGINE = new PlacementEngine();

  record Fit(List<List<NodeGroup>> nodes, List<Resources> sizes, List<Integer> replicas) {}

  @Provide
  Arbitrary<Fit> fits() {
    Arbitrary<NodeGroup> group =
        Combinators.combine(
                Arbitraries.integers().between(1, 4),
                Arbitraries.longs().between(0, 64).map(quarters -> quarters * 250),
                Arbitraries.longs().between(0, 16).map(gib -> gib * GI),
                Arbitraries.longs().between(0, 8))
            .as(
                (count, cpu, memory, pods) ->
                    new NodeGroup(count, new Resources(cpu, memory, pods)));
    Arbitrary<List<NodeGroup>> nodes = group.list().ofMinSize(0).ofMaxSize(4);
    Arbitrary<Resources> size =
        Combinators.combine(
                Arbitraries.longs().between(0, 24).map(quarters -> quarters * 250),
                Arbitraries.longs().between(0, 8).map(half -> half * GI / 2))
            .as(Resources::perReplica);
    return Combinators.combine(
            nodes.list().ofMinSize(1).ofMaxSize(5),
            size.list().ofMinSize(1).ofMaxSize(4),
            Arbitraries.integers().between(0, 24).list().ofSize(4))
        .as(Fit::new);
  }

  @Property(tries = 300)
  void aBatchNeverPlacesMoreThanAFirstFitOverTheReportedNodesAdmits(@ForAll("fits") Fit fit) {
    List<Cluster> clusters = new ArrayList<>();
    for (int c = 0; c < fit.nodes().size(); c++) {
      // Totals generous enough that the nodes, not the totals, are what binds.
      clusters.add(
          new Cluster(
              "c" + c,
              Map.of(),
              List.of(),
              false,
              Readiness.READY,
              new Resources(1_000_000, 1_000 * GI, 10_000),
              Resources.ZERO,
              new Price(1 + c, 0),
              fit.nodes().get(c),
              null));
    }
    List<Workload> batch = new ArrayList<>();
    for (int w = 0; w < fit.sizes().size(); w++) {
      batch.add(
          Workload.of(
              new WorkloadKey("shop", "w" + w),
              fit.replicas().get(w),
              fit.sizes().get(w),
              PlacementSpec.ANYWHERE));
    }

    List<Decision> decisions = ENGINE.placeAll(batch, clusters, Map.of(), NOW, Detail.BRIEF);

    Map<String, List<long[]>> free = new HashMap<>();
    for (Cluster cluster : clusters) {
      free.put(cluster.name(), expand(cluster.nodes()));
    }
    for (int w = 0; w < decisions.size(); w++) {
      Resources size = fit.sizes().get(w);
      for (Map.Entry<String, Integer> placed : decisions.get(w).replicas().entrySet()) {
        List<long[]> nodes = free.get(placed.getKey());
        for (int pod = 0; pod < placed.getValue(); pod++) {
          assertThat(firstFit(nodes, size))
              .as(
                  "pod %d of %d of w%d on %s, nodes %s",
                  pod + 1, placed.getValue(), w, placed.getKey(), fit.nodes())
              .isTrue();
        }
      }
    }
  }

  @Property(tries = 300)
  void replicasAlreadyPlacedStayOnlyWhileTheirPodsMayStillBeScheduled(
      @ForAll("fits") Fit fit,
      @ForAll("currents") List<Integer> current,
      @ForAll("currents") List<Integer> unschedulable,
      @ForAll List<Boolean> overdue) {
    List<Cluster> clusters = new ArrayList<>();
    Map<String, Integer> running = new HashMap<>();
    Map<String, Unschedulable> stuck = new HashMap<>();
    int total = 0;
    for (int c = 0; c < fit.nodes().size(); c++) {
      String name = "c" + c;
      clusters.add(
          new Cluster(
              name,
              Map.of(),
              List.of(),
              false,
              Readiness.READY,
              new Resources(1_000_000, 1_000 * GI, 10_000),
              Resources.ZERO,
              new Price(1 + c, 0),
              fit.nodes().get(c),
              null));
      int here = current.get(c % current.size());
      int notBound = Math.min(here, unschedulable.get(c % unschedulable.size()));
      if (here > 0) {
        running.put(name, here);
        total += here;
      }
      if (notBound > 0) {
        boolean late = !overdue.isEmpty() && overdue.get(c % overdue.size());
        stuck.put(name, new Unschedulable(notBound, "0/1 nodes are available", NOW, late));
      }
    }
    Resources size = fit.sizes().getFirst();
    Workload workload =
        new Workload(
            new WorkloadKey("shop", "web"),
            total + fit.replicas().getFirst(),
            size,
            PlacementSpec.ANYWHERE,
            running,
            null,
            stuck);

    Decision decision = ENGINE.place(workload, clusters, Map.of(), NOW, Detail.BRIEF);

    for (Cluster cluster : clusters) {
      String name = cluster.name();
      int here = running.getOrDefault(name, 0);
      Unschedulable notBound = stuck.get(name);
      int unbound = notBound == null ? 0 : notBound.replicas();
      int late = notBound != null && notBound.overdue() ? unbound : 0;
      int admitted = countFirstFit(expand(cluster.nodes()), size);
      assertThat(decision.replicas().getOrDefault(name, 0))
          .as(
              "%s: %d running, %d unschedulable (%d overdue), nodes %s",
              name, here, unbound, late, cluster.nodes())
          .isLessThanOrEqualTo(Math.max(here - late, here - unbound + admitted));
    }
  }

  @Provide
  Arbitrary<List<Integer>> currents() {
    return Arbitraries.integers().between(0, 6).list().ofMinSize(1).ofMaxSize(5);
  }

  /** Each node of each group on its own, in the order reported. */
  private static List<long[]> expand(List<NodeGroup> groups) {
    List<long[]> nodes = new ArrayList<>();
    for (NodeGroup group : groups) {
      for (int n = 0; n < group.count(); n++) {
        Resources free = group.free();
        nodes.add(new long[] {free.cpuMillis(), free.memoryBytes(), free.pods()});
      }
    }
    return nodes;
  }

  /** Puts one pod on the first node with room for it; false if there is none. */
  private static boolean firstFit(List<long[]> nodes, Resources pod) {
    for (long[] node : nodes) {
      if (node[0] >= pod.cpuMillis() && node[1] >= pod.memoryBytes() && node[2] >= pod.pods()) {
        node[0] -= pod.cpuMillis();
        node[1] -= pod.memoryBytes();
        node[2] -= pod.pods();
        return true;
      }
    }
    return false;
  }

  /** How many pods first-fit puts on the nodes, bounded where a pod needs nothing at all. */
  private static int countFirstFit(List<long[]> nodes, Resources pod) {
    int count = 0;
    while (count < 10_000 && firstFit(nodes, pod)) {
      count++;
    }
    return count;
  }
}
