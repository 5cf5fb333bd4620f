package io.ubernetes.agent.report;

import io.ubernetes.agent.protocol.NodeGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Nodes grouped by what each has free, for placement to check a replica against what fits on a
 * node. Nodes with identical free amounts make one group; when they are filled in more than {@value
 * #MAX_GROUPS} ways, amounts are rounded down to coarser grades (cpu to 100m, 250m, 500m, 1, 2,
 * 4... cores; memory to 64Mi, 256Mi, 1Gi, 4Gi...; pods to 5, 10, 25...) until at most that many
 * groups remain. Always down: a group never claims more than any of its nodes has free. The
 * resource whose amounts differ the most is coarsened first, one grade at a time, so resources that
 * nodes share stay exact.
 */
final class NodeGroups {
  static final int MAX_GROUPS = 64;

  private static final long MI = 1L << 20;
  private static final Comparator<Resources> EMPTIEST_FIRST =
      Comparator.comparingLong(Resources::milliCpu)
          .thenComparingLong(Resources::memoryBytes)
          .thenComparingLong(Resources::pods)
          .reversed();

  /** Grades per resource, exact first; past the last one, each is twice (memory four times) it. */
  private static final Ladder CPU =
      new Ladder(
          Resources::milliCpu,
          2,
          1,
          100,
          250,
          500,
          1_000,
          2_000,
          4_000,
          8_000,
          16_000,
          32_000,
          64_000);

  private static final Ladder MEMORY =
      new Ladder(
          Resources::memoryBytes,
          4,
          1,
          64 * MI,
          256 * MI,
          1024 * MI,
          4 * 1024 * MI,
          16 * 1024 * MI,
          64 * 1024 * MI,
          256 * 1024 * MI,
          1024 * 1024 * MI);

  private static final Ladder PODS = new Ladder(Resources::pods, 2, 1, 5, 10, 25, 50, 100, 250);

  private final long cpuStep;
  private final long memoryStep;
  private final long podsStep;
  private final List<NodeGroup> groups;

  private NodeGroups(long cpuStep, long memoryStep, long podsStep, Map<Resources, Integer> counts) {
    this.cpuStep = cpuStep;
    this.memoryStep = memoryStep;
    this.podsStep = podsStep;
    List<Resources> amounts = new ArrayList<>(counts.keySet());
    amounts.sort(EMPTIEST_FIRST);
    List<NodeGroup> sorted = new ArrayList<>(amounts.size());
    for (Resources free : amounts) {
      sorted.add(new NodeGroup(counts.get(free), free.toAmounts()));
    }
    this.groups = List.copyOf(sorted);
  }

  /** Groups the nodes that have these amounts free, one entry per node. */
  static NodeGroups of(List<Resources> free) {
    int cpu = 0;
    int memory = 0;
    int pods = 0;
    while (true) {
      long cpuStep = CPU.step(cpu);
      long memoryStep = MEMORY.step(memory);
      long podsStep = PODS.step(pods);
      Map<Resources, Integer> counts = new HashMap<>();
      for (Resources node : free) {
        counts.merge(graded(node, cpuStep, memoryStep, podsStep), 1, Integer::sum);
      }
      if (counts.size() <= MAX_GROUPS) {
        return new NodeGroups(cpuStep, memoryStep, podsStep, counts);
      }
      // Pods first on a tie: a free pod slot is rarely what a replica lacks.
      int cpuValues = CPU.distinct(free, cpuStep);
      int memoryValues = MEMORY.distinct(free, memoryStep);
      int podValues = PODS.distinct(free, podsStep);
      if (podValues >= memoryValues && podValues >= cpuValues) {
        pods++;
      } else if (memoryValues >= cpuValues) {
        memory++;
      } else {
        cpu++;
      }
    }
  }

  List<NodeGroup> groups() {
    return groups;
  }

  /** What a node with this much free is reported as having. */
  Resources graded(Resources free) {
    return graded(free, cpuStep, memoryStep, podsStep);
  }

  private static Resources graded(Resources free, long cpuStep, long memoryStep, long podsStep) {
    return new Resources(
        down(free.milliCpu(), cpuStep),
        down(free.memoryBytes(), memoryStep),
        down(free.pods(), podsStep));
  }

  private static long down(long value, long step) {
    return value / step * step;
  }

  /** The grades of one resource. */
  private record Ladder(ToLongFunction<Resources> amount, long growth, long... steps) {
    long step(int grade) {
      if (grade < steps.length) {
        return steps[grade];
      }
      long step = steps[steps.length - 1];
      for (int i = steps.length - 1; i < grade; i++) {
        if (step > Long.MAX_VALUE / growth) {
          // Everything is 0 at this grade: one value, never coarsened further.
          return Long.MAX_VALUE;
        }
        step *= growth;
      }
      return step;
    }

    int distinct(List<Resources> free, long step) {
      Set<Long> values = new HashSet<>();
      for (Resources node : free) {
        values.add(down(amount.applyAsLong(node), step));
      }
      return values.size();
    }
  }
}
