package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.ClusterStates;
import io.ubernetes.sandbox.cluster.SavedCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which clusters a start runs and with which address ranges, given the fleet and what earlier
 * starts saved.
 */
class FleetPlanTest {
  private static final Duration DELAY = Duration.ofMillis(300);

  @TempDir static Path data;

  /** Saved by an earlier start of the fleet {@code a, b, c}, and {@code edge} added at run time. */
  private static Map<String, SavedCluster> saved;

  @BeforeAll
  static void earlierStart() throws IOException {
    List<ClusterDefinition> fleet = fleet("a", "b", "c");
    for (ClusterDefinition definition : fleet) {
      save(definition, false);
    }
    save(ClusterFleet.ranges(3).applyTo(entry("edge")), true);
    saved = ClusterStates.in(data.resolve("clusters")).load();
  }

  /** A state file as a cluster that held no objects leaves it. */
  private static void save(ClusterDefinition d, boolean addedAtRunTime) throws IOException {
    Path directory = Files.createDirectories(data.resolve("clusters").resolve(d.name()));
    Files.writeString(
        directory.resolve(ClusterStates.FILE_NAME),
        """
        {"format": "ubernetes.io/simulated-cluster/v1", "savedAt": "2026-12-06T12:00:00Z",
         "addedAtRunTime": %s, "apiServerPort": 0, "resourceVersion": 7,
         "definition": {"name": "%s", "region": "%s", "zone": "%s", "provider": "%s",
           "tier": "%s", "nodes": %d, "cpuPerNode": "%s", "memoryPerNode": "%s",
           "podsPerNode": %d, "podCidr": "%s", "loadBalancerCidr": "%s", "startDelay": "%s"},
         "objects": []}
        """
            .formatted(
                addedAtRunTime,
                d.name(),
                d.region(),
                d.zone(),
                d.provider(),
                d.tier(),
                d.nodes(),
                d.cpuPerNode(),
                d.memoryPerNode(),
                d.podsPerNode(),
                d.podCidr(),
                d.loadBalancerCidr(),
                d.startDelay()));
  }

  @Test
  void theSameFleetRunsAgainWithItsRangesAndTheClusterAddedAtRunTime() {
    FleetPlan plan = FleetPlan.of(fleet("a", "b", "c"), saved, new AddressRanges());

    assertThat(plan.starts())
        .extracting(s -> s.definition().name(), FleetPlan.Start::addedAtRunTime)
        .containsExactly(
            tuple("a", false), tuple("b", false), tuple("c", false), tuple("edge", true));
    assertThat(plan.starts())
        .extracting(s -> s.definition().loadBalancerCidr())
        .containsExactly("198.18.0.0/24", "198.18.1.0/24", "198.18.2.0/24", "198.18.3.0/24");
    assertThat(plan.leftOut()).isEmpty();
  }

  @Test
  void aClusterLeftOutKeepsItsRangesFromNewOnesAndTheOthersKeepTheirs() {
    // Without a: b and c move up a position in the file, and d is new.
    FleetPlan plan = FleetPlan.of(fleet("b", "c", "d"), saved, new AddressRanges());

    assertThat(plan.leftOut()).extracting(SavedCluster::name).containsExactly("a");
    assertThat(plan.starts())
        .extracting(s -> s.definition().name() + " " + s.definition().loadBalancerCidr())
        .containsExactly(
            "b 198.18.1.0/24", "c 198.18.2.0/24", "d 198.18.4.0/24", "edge 198.18.3.0/24");
    assertThat(plan.starts())
        .extracting(s -> s.definition().podCidr())
        .doesNotHaveDuplicates()
        .doesNotContain(saved.get("a").definition().podCidr());
  }

  @Test
  void aClusterOfTheFleetWinsOverTheOneAddedAtRunTimeOfTheSameName() {
    List<ClusterDefinition> fleet =
        List.of(ClusterFleet.ranges(0).applyTo(entry("edge")), fleet("a", "b", "c").get(0));

    FleetPlan plan = FleetPlan.of(fleet, saved, new AddressRanges());

    assertThat(plan.starts())
        .extracting(s -> s.definition().name() + " " + s.addedAtRunTime())
        .containsExactly("edge false", "a false");
    assertThat(plan.starts().getFirst().definition().loadBalancerCidr())
        .as("its ranges of before")
        .isEqualTo("198.18.3.0/24");
    assertThat(plan.leftOut()).extracting(SavedCluster::name).containsExactly("b", "c");
  }

  private static List<ClusterDefinition> fleet(String... names) {
    StringBuilder yaml = new StringBuilder("clusters:\n");
    for (String name : names) {
      yaml.append("  - {name: ").append(name).append(", nodes: 1}\n");
    }
    try {
      return ClusterFleet.fromFile(Files.writeString(data.resolve("fleet.yaml"), yaml), DELAY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ClusterDefinition entry(String name) {
    return ClusterFleet.definition(ClusterFleet.entry("{name: " + name + ", nodes: 1}"), 0, DELAY);
  }
}
