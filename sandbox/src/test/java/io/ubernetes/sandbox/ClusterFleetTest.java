package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ubernetes.sandbox.cluster.ClusterDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFleetTest {
  private static final Duration DELAY = Duration.ofSeconds(1);

  @Test
  void theDefaultFleetHasACheapSmallOnPremClusterAndThreeClouds() {
    List<ClusterDefinition> fleet = ClusterFleet.defaults(DELAY);

    assertThat(fleet)
        .extracting(ClusterDefinition::name)
        .containsExactly("onprem-fra", "aws-eu-west", "gcp-eu-north", "aws-us-east");
    ClusterDefinition onprem = fleet.getFirst();
    assertThat(onprem.tier()).isEqualTo("onprem");
    assertThat(onprem.region()).isEqualTo("eu-central");
    assertThat(fleet.subList(1, 4))
        .allSatisfy(
            cloud -> {
              assertThat(cloud.tier()).isEqualTo("cloud");
              assertThat(cloud.cpuCoreHour()).isGreaterThan(onprem.cpuCoreHour());
              assertThat(cloud.nodes()).isGreaterThan(onprem.nodes());
            });
  }

  @Test
  void theDefaultFleetsCanaryIsAnEuCloudClusterAndTheOnlyClusterWithARing() {
    List<ClusterDefinition> fleet = ClusterFleet.defaults(DELAY);

    assertThat(fleet)
        .filteredOn(c -> c.labels().containsKey("ubernetes.io/rollout-ring"))
        .singleElement()
        .satisfies(
            canary -> {
              assertThat(canary.name()).isEqualTo("gcp-eu-north");
              assertThat(canary.labels()).containsEntry("ubernetes.io/rollout-ring", "canary");
              assertThat(canary.region()).startsWith("eu-");
              assertThat(canary.tier()).isEqualTo("cloud");
            });
    assertThat(ClusterFleet.generated(20, DELAY)).allSatisfy(c -> assertThat(c.labels()).isEmpty());
  }

  @Test
  void aGeneratedFleetIsTheSameEveryTimeWithAddressRangesOfItsOwn() {
    List<ClusterDefinition> fleet = ClusterFleet.generated(300, DELAY);

    assertThat(fleet).isEqualTo(ClusterFleet.generated(300, DELAY));
    assertThat(new HashSet<>(fleet.stream().map(ClusterDefinition::name).toList())).hasSize(300);
    assertThat(new HashSet<>(fleet.stream().map(ClusterDefinition::podCidr).toList())).hasSize(300);
    assertThat(new HashSet<>(fleet.stream().map(ClusterDefinition::loadBalancerCidr).toList()))
        .hasSize(300);
    assertThat(fleet.stream().filter(c -> c.tier().equals("onprem")).count()).isEqualTo(75);
    assertThatThrownBy(() -> ClusterFleet.generated(0, DELAY))
        .hasMessageContaining("between 1 and 2000");
  }

  @Test
  void readsAFileWhereEverythingButTheNameHasADefault(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(
        file,
        """
        clusters:
          - name: edge-1
          - {name: onprem-muc, region: eu-central, zone: eu-central-1b, nodes: 2, cpuPerNode: "8",
             memoryPerNode: 32Gi, startDelay: 500ms, cpuCoreHour: 0.01,
             labels: {ubernetes.io/rollout-ring: canary}}
        """);

    List<ClusterDefinition> fleet = ClusterFleet.fromFile(file, DELAY);

    assertThat(fleet.getFirst().region()).isEqualTo("local");
    assertThat(fleet.getFirst().zone()).isEqualTo("local-a");
    assertThat(fleet.getFirst().startDelay()).isEqualTo(DELAY);
    assertThat(fleet.get(1).nodes()).isEqualTo(2);
    assertThat(fleet.get(1).startDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(fleet.get(1).cpuCoreHour()).isEqualTo(0.01);
    assertThat(fleet.getFirst().labels()).isEmpty();
    assertThat(fleet.get(1).labels())
        .containsExactly(Map.entry("ubernetes.io/rollout-ring", "canary"));
  }

  @Test
  void namesTheOffendingEntryOfABadFile(@TempDir Path dir) throws IOException {
    Path duplicate = dir.resolve("duplicate.yaml");
    Files.writeString(duplicate, "clusters: [{name: a}, {name: a}]\n");
    Path badDelay = dir.resolve("delay.yaml");
    Files.writeString(badDelay, "clusters: [{name: a, startDelay: soon}]\n");
    Path unknown = dir.resolve("unknown.yaml");
    Files.writeString(unknown, "clusters: [{name: a, colour: blue}]\n");
    Path badLabel = dir.resolve("label.yaml");
    Files.writeString(badLabel, "clusters: [{name: a, labels: {ring: not a value}}]\n");
    Path badName = dir.resolve("name.yaml");
    Files.writeString(badName, "clusters: [{name: Not_A_Label}]\n");

    assertThatThrownBy(() -> ClusterFleet.fromFile(duplicate, DELAY))
        .hasMessageContaining("clusters[1].name");
    assertThatThrownBy(() -> ClusterFleet.fromFile(badDelay, DELAY))
        .hasMessageContaining("clusters[0].startDelay");
    assertThatThrownBy(() -> ClusterFleet.fromFile(unknown, DELAY)).hasMessageContaining("colour");
    assertThatThrownBy(() -> ClusterFleet.fromFile(badLabel, DELAY))
        .hasMessageContaining("clusters[0].labels[ring]");
    assertThatThrownBy(() -> ClusterFleet.fromFile(badName, DELAY))
        .hasMessageContaining("clusters[0]")
        .hasMessageContaining("name");
  }
}
