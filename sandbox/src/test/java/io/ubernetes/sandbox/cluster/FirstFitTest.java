package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirstFitTest {
  private static final long GI = 1L << 30;

  private static FirstFit.Room room(String node, long milliCpu, long memory, long pods) {
    return new FirstFit.Room(
        node,
        Map.of("topology.kubernetes.io/zone", "z-" + node),
        new Resources(milliCpu, memory, pods));
  }

  private static Resources pod(long milliCpu, long memory) {
    return new Resources(milliCpu, memory, 1);
  }

  @Test
  void placesOnTheFirstNodeWithRoomAndTakesTheRoomFromIt() {
    FirstFit fit =
        new FirstFit(List.of(room("node-1", 2000, 4 * GI, 110), room("node-2", 4000, 8 * GI, 110)));

    assertThat(fit.place(pod(1500, GI), null)).isEqualTo(new FirstFit.Bound("node-1"));
    assertThat(fit.place(pod(1000, GI), null)).isEqualTo(new FirstFit.Bound("node-2"));
    assertThat(fit.place(pod(500, GI), Map.of())).isEqualTo(new FirstFit.Bound("node-1"));
  }

  @Test
  void countsPodSlots() {
    FirstFit fit = new FirstFit(List.of(room("node-1", 8000, 8 * GI, 1)));

    assertThat(fit.place(pod(0, 0), null)).isEqualTo(new FirstFit.Bound("node-1"));
    assertThat(fit.place(pod(0, 0), null))
        .isEqualTo(new FirstFit.Unschedulable("0/1 nodes are available: 1 Too many pods."));
  }

  @Test
  void saysWhyNothingFitsLikeKubeScheduler() {
    FirstFit fit =
        new FirstFit(
            List.of(
                room("node-1", 1000, 8 * GI, 110),
                room("node-2", 1000, GI, 110),
                room("node-3", 8000, 8 * GI, 110)));

    FirstFit.Placement placement =
        fit.place(pod(2000, 2 * GI), Map.of("topology.kubernetes.io/zone", "elsewhere"));

    assertThat(placement)
        .isEqualTo(
            new FirstFit.Unschedulable(
                "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."));
    assertThat(fit.place(pod(2000, 2 * GI), Map.of("topology.kubernetes.io/zone", "z-node-2")))
        .isEqualTo(
            new FirstFit.Unschedulable(
                "0/3 nodes are available: 1 Insufficient cpu, 1 Insufficient memory,"
                    + " 2 node(s) didn't match Pod's node affinity/selector."));
  }

  @Test
  void followsTheNodeSelector() {
    FirstFit fit =
        new FirstFit(List.of(room("node-1", 8000, 8 * GI, 110), room("node-2", 8000, 8 * GI, 110)));

    assertThat(fit.place(pod(100, GI), Map.of("topology.kubernetes.io/zone", "z-node-2")))
        .isEqualTo(new FirstFit.Bound("node-2"));
  }

  @Test
  void hasNoPlaceWithoutNodes() {
    assertThat(new FirstFit(List.of()).place(pod(1, 1), null))
        .isEqualTo(new FirstFit.Unschedulable("no nodes available to schedule pods"));
  }
}
