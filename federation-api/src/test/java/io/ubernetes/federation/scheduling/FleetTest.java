package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.placement.Cluster;
import io.ubernetes.placement.Price;
import io.ubernetes.placement.Resources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FleetTest {

  @Test
  void usageIsTheFullestResourceInTwentieths() {
    Fleet fleet =
        new Fleet(
            List.of(
                cluster("cpu-bound", new Resources(8_000, 1L << 30, 10)),
                cluster("pod-bound", new Resources(1_000, 1L << 30, 100)),
                cluster("empty", Resources.ZERO)),
            Map.of(),
            "");

    // 16 cores, 64 GiB, 110 pods: 8 cores is 10/20, 100 pods 18/20.
    assertThat(fleet.usage())
        .containsExactlyInAnyOrderEntriesOf(Map.of("cpu-bound", 10, "pod-bound", 18, "empty", 0));
  }

  @Test
  void roomOpensUpWhenAClusterIsEmptierByATwentieth() {
    assertThat(Fleet.freed(Map.of("a", 10, "b", 4), Map.of("a", 9, "b", 4))).isTrue();
    assertThat(Fleet.freed(Map.of("a", 10), Map.of("a", 10))).isFalse();
    assertThat(Fleet.freed(Map.of("a", 10), Map.of("a", 12))).isFalse();
    // A new cluster is a fleet change, not freed room.
    assertThat(Fleet.freed(Map.of("a", 10), Map.of("a", 10, "b", 0))).isFalse();
  }

  private static Cluster cluster(String name, Resources allocated) {
    return Cluster.of(name, Map.of(), new Resources(16_000, 64L << 30, 110), Price.FREE)
        .withAllocated(allocated);
  }
}
