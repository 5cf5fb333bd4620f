package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterDefinitionTest {

  static ClusterDefinition valid() {
    return new ClusterDefinition(
        "aws-eu-west",
        "eu-west",
        "eu-west-1a",
        "aws",
        "cloud",
        3,
        "16",
        "64Gi",
        110,
        "10.12.0.0/16",
        "203.0.113.0/24",
        Duration.ofSeconds(2),
        0.034,
        null);
  }

  record Case(String name, UnaryOperator<ClusterDefinition> change, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static ClusterDefinition with(
      ClusterDefinition d,
      String name,
      String region,
      String provider,
      int nodes,
      String podCidr,
      Duration delay,
      Double price) {
    return new ClusterDefinition(
        name,
        region,
        d.zone(),
        provider,
        d.tier(),
        nodes,
        d.cpuPerNode(),
        d.memoryPerNode(),
        d.podsPerNode(),
        podCidr,
        d.loadBalancerCidr(),
        delay,
        price,
        d.memoryGiBHour());
  }

  static Case[] invalid() {
    return new Case[] {
      new Case(
          "name not a DNS label",
          d -> with(d, "AWS West", d.region(), d.provider(), 3, d.podCidr(), d.startDelay(), null),
          "name: must be a DNS-1123 label, got \"AWS West\""),
      new Case(
          "region missing",
          d -> with(d, d.name(), null, d.provider(), 3, d.podCidr(), d.startDelay(), null),
          "region: must be a Kubernetes label value such as \"eu-west-1a\", got null"),
      new Case(
          "provider not a scheme",
          d -> with(d, d.name(), d.region(), "AWS:", 3, d.podCidr(), d.startDelay(), null),
          "provider: must be a URI scheme such as \"aws\" (it starts spec.providerID), got \"AWS:\""),
      new Case(
          "no nodes",
          d -> with(d, d.name(), d.region(), d.provider(), 0, d.podCidr(), d.startDelay(), null),
          "nodes: must be between 1 and 5000, got 0"),
      new Case(
          "pod range not a network",
          d -> with(d, d.name(), d.region(), d.provider(), 3, "10.12.0.1/16", d.startDelay(), null),
          "podCidr: must start at a network address (10.12.0.0/16), got \"10.12.0.1/16\""),
      new Case(
          "negative start delay",
          d ->
              with(
                  d,
                  d.name(),
                  d.region(),
                  d.provider(),
                  3,
                  d.podCidr(),
                  Duration.ofSeconds(-1),
                  null),
          "startDelay: must be zero or positive, got PT-1S"),
      new Case(
          "negative price",
          d -> with(d, d.name(), d.region(), d.provider(), 3, d.podCidr(), d.startDelay(), -0.5),
          "cpuCoreHour: must be zero or positive when given, got -0.5"),
      new Case(
          "cpu not a quantity",
          d -> d.withCapacity("lots", "64Gi", 110),
          "cpuPerNode: must be a positive quantity such as \"16\" or \"7500m\", got \"lots\""),
      new Case(
          "memory zero",
          d -> d.withCapacity("16", "0", 110),
          "memoryPerNode: must be a positive quantity such as \"64Gi\", got \"0\""),
      new Case(
          "label key not a qualified name",
          d -> d.withLabels(Map.of("Rollout Ring", "canary")),
          "labels[Rollout Ring]: must be a label key such as \"ubernetes.io/rollout-ring\","
              + " got \"Rollout Ring\""),
      new Case(
          "label prefix not a DNS subdomain",
          d -> d.withLabels(Map.of("Ubernetes.io/ring", "canary")),
          "labels[Ubernetes.io/ring]: must be a label key such as \"ubernetes.io/rollout-ring\","
              + " got \"Ubernetes.io/ring\""),
      new Case(
          "label value with a space",
          d -> d.withLabels(Map.of("ubernetes.io/rollout-ring", "can ary")),
          "labels[ubernetes.io/rollout-ring]: must be a label value such as \"canary\","
              + " got \"can ary\""),
      new Case(
          "no pod slots",
          d -> d.withCapacity("16", "64Gi", 0),
          "podsPerNode: must be at least 1, got 0"),
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsAnInvalidFieldNamingItAndTheRule(Case invalid) {
    ClusterDefinition definition = valid();

    assertThatThrownBy(() -> invalid.change().apply(definition))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(invalid.message());
  }

  @Test
  void keepsItsLabelsSortedAndAcceptsAnEmptyValue() {
    ClusterDefinition labelled =
        valid().withLabels(Map.of("ubernetes.io/rollout-ring", "canary", "team", ""));

    assertThat(labelled.labels())
        .containsExactly(Map.entry("team", ""), Map.entry("ubernetes.io/rollout-ring", "canary"));
    assertThat(valid().labels()).isEmpty();
    assertThat(labelled.withCapacity("8", "32Gi", 110).labels()).isEqualTo(labelled.labels());
    assertThat(labelled.withRanges("10.1.0.0/20", "198.18.1.0/24").labels())
        .isEqualTo(labelled.labels());
  }

  @Test
  void changesOnlyTheCapacity() {
    ClusterDefinition changed = valid().withCapacity("7500m", "32Gi", 20);

    assertThat(changed.cpuPerNode()).isEqualTo("7500m");
    assertThat(changed.memoryPerNode()).isEqualTo("32Gi");
    assertThat(changed.podsPerNode()).isEqualTo(20);
    assertThat(changed.withCapacity("16", "64Gi", 110)).isEqualTo(valid());
  }
}
