package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.NodeGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeGroupsTest {
  private static final long MI = 1L << 20;
  private static final long GI = 1L << 30;

  private static List<NodeGroup> groups(Resources... free) {
    return NodeGroups.of(List.of(free)).groups();
  }

  @Test
  void groupsNodesWithTheSameFreeAmountsAndListsTheEmptiestFirst() {
    assertThat(
            groups(
                new Resources(2000, 4 * GI, 50),
                new Resources(4000, 8 * GI, 100),
                new Resources(4000, 4 * GI, 100),
                new Resources(4000, 8 * GI, 100),
                new Resources(4000, 8 * GI, 90)))
        .containsExactly(
            new NodeGroup(2, new Amounts("4", "8Gi", "100")),
            new NodeGroup(1, new Amounts("4", "8Gi", "90")),
            new NodeGroup(1, new Amounts("4", "4Gi", "100")),
            new NodeGroup(1, new Amounts("2", "4Gi", "50")));
  }

  @Test
  void countsANodeWithNothingFree() {
    assertThat(groups(new Resources(0, 0, 0), new Resources(0, 0, 0)))
        .containsExactly(new NodeGroup(2, new Amounts("0", "0", "0")));
  }

  @Test
  void writesTheAmountsAsKubernetesQuantities() {
    assertThat(groups(new Resources(15_500, 60 * GI, 110), new Resources(16_000, 1536 * MI, 7)))
        .containsExactly(
            new NodeGroup(1, new Amounts("16", "1536Mi", "7")),
            new NodeGroup(1, new Amounts("15500m", "60Gi", "110")));
  }

  @Test
  void makesNoGroupsOfNoNodes() {
    assertThat(groups()).isEmpty();
  }

  @Test
  void roundsCpuDownToTenthsOfACoreWhenNodesHaveMoreThan64DistinctCpuAmountsFree() {
    List<Resources> nodes = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      nodes.add(new Resources(1000 + 7 * i, 8 * GI, 110));
    }

    NodeGroups grouped = NodeGroups.of(nodes);

    assertThat(grouped.groups())
        .containsExactly(
            new NodeGroup(14, new Amounts("1600m", "8Gi", "110")),
            new NodeGroup(14, new Amounts("1500m", "8Gi", "110")),
            new NodeGroup(14, new Amounts("1400m", "8Gi", "110")),
            new NodeGroup(15, new Amounts("1300m", "8Gi", "110")),
            new NodeGroup(14, new Amounts("1200m", "8Gi", "110")),
            new NodeGroup(14, new Amounts("1100m", "8Gi", "110")),
            new NodeGroup(15, new Amounts("1", "8Gi", "110")));
    assertThat(nodes)
        .allSatisfy(
            node -> {
              Resources graded = grouped.graded(node);
              assertThat(graded.milliCpu()).isLessThanOrEqualTo(node.milliCpu());
              assertThat(graded.memoryBytes()).isEqualTo(node.memoryBytes());
            });
  }

  @Test
  void roundsDownOnlyTheResourceWhoseAmountsDifferTheMost() {
    List<Resources> nodes = new ArrayList<>();
    for (int pods = 40; pods < 110; pods++) {
      nodes.add(new Resources(1500, 4 * GI, pods));
    }

    List<NodeGroup> groups = NodeGroups.of(nodes).groups();

    assertThat(groups).hasSize(14);
    assertThat(groups.getFirst()).isEqualTo(new NodeGroup(5, new Amounts("1500m", "4Gi", "105")));
    assertThat(groups.getLast()).isEqualTo(new NodeGroup(5, new Amounts("1500m", "4Gi", "40")));
  }
}
