package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.NodeGroup;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties over random clusters of up to 400 nodes of three machine types, each filled at random
 * (some nodes filled alike, some full, most differently).
 */
class NodeGroupsPropertiesTest {
  private static final long GI = 1L << 30;
  private static final List<Resources> MACHINES =
      List.of(
          new Resources(3_920, 14 * GI + 123_456_789, 110),
          new Resources(15_890, 60 * GI, 110),
          new Resources(63_770, 250 * GI, 250));

  @Provide
  Arbitrary<List<Resources>> clusters() {
    Arbitrary<Resources> node =
        Combinators.combine(
                Arbitraries.of(MACHINES),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 3))
            .as(
                (machine, cpuUsed, memoryUsed, podsUsed, coarse) -> {
                  // Some fills in round steps, so that identical nodes happen.
                  int step = coarse == 0 ? 250 : 1;
                  return new Resources(
                      free(machine.milliCpu(), cpuUsed, step),
                      free(machine.memoryBytes(), memoryUsed, step),
                      free(machine.pods(), podsUsed, step));
                });
    return node.list().ofMinSize(0).ofMaxSize(400);
  }

  private static long free(long allocatable, int usedPerMille, int step) {
    int rounded = Math.min(1000, usedPerMille / step * step);
    return allocatable - allocatable * rounded / 1000;
  }

  @Property(tries = 300)
  void everyNodeIsInAGroupThatClaimsNoMoreThanItHasFree(@ForAll("clusters") List<Resources> nodes) {
    NodeGroups grouped = NodeGroups.of(nodes);
    List<NodeGroup> groups = grouped.groups();

    assertThat(groups).hasSizeLessThanOrEqualTo(NodeGroups.MAX_GROUPS);
    Map<Amounts, Integer> expected = new HashMap<>();
    Map<Amounts, Resources> values = new HashMap<>();
    for (Resources node : nodes) {
      Resources graded = grouped.graded(node);
      assertThat(graded.milliCpu()).isBetween(0L, node.milliCpu());
      assertThat(graded.memoryBytes()).isBetween(0L, node.memoryBytes());
      assertThat(graded.pods()).isBetween(0L, node.pods());
      expected.merge(graded.toAmounts(), 1, Integer::sum);
      values.put(graded.toAmounts(), graded);
    }
    Map<Amounts, Integer> reported = new HashMap<>();
    groups.forEach(group -> reported.put(group.free(), group.count()));
    assertThat(reported).isEqualTo(expected);
    assertThat(groups.stream().map(group -> values.get(group.free())).toList())
        .isSortedAccordingTo(
            Comparator.comparingLong(Resources::milliCpu)
                .thenComparingLong(Resources::memoryBytes)
                .thenComparingLong(Resources::pods)
                .reversed());
  }

  @Property(tries = 300)
  void nodesFilledInAtMost64WaysAreReportedExactly(@ForAll("clusters") List<Resources> nodes) {
    List<Resources> fewWays = nodes.stream().distinct().limit(NodeGroups.MAX_GROUPS).toList();
    List<Resources> cluster = nodes.stream().filter(new HashSet<>(fewWays)::contains).toList();

    NodeGroups grouped = NodeGroups.of(cluster);

    assertThat(cluster).allSatisfy(node -> assertThat(grouped.graded(node)).isEqualTo(node));
    assertThat(grouped.groups()).hasSize(fewWays.size());
  }
}
