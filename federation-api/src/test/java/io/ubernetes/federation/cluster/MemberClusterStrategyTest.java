package io.ubernetes.federation.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.cluster.MemberClusterSpec.Cost;
import io.ubernetes.federation.cluster.MemberClusterSpec.Taint;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class MemberClusterStrategyTest {
  private final MemberClusterStrategy strategy = new MemberClusterStrategy();
  private final ObjectMeta metadata = ObjectMeta.named("eu-1");

  private static MemberClusterSpec spec(String region, String zone, String provider, String tier) {
    return new MemberClusterSpec(region, zone, provider, tier, null, null, null);
  }

  private static MemberClusterSpec withCost(String cpu, String memory) {
    return new MemberClusterSpec(
        null,
        null,
        null,
        null,
        new Cost(
            cpu == null ? null : new BigDecimal(cpu),
            memory == null ? null : new BigDecimal(memory)),
        null,
        null);
  }

  private static MemberClusterSpec withTaints(Taint... taints) {
    return new MemberClusterSpec(null, null, null, null, null, List.of(taints), null);
  }

  @Nested
  class Admit {

    @Test
    void requiresASpec() {
      FieldErrors errors = new FieldErrors();

      assertThat(strategy.admit(metadata, null, errors)).isNull();
      assertThat(errors.list()).containsExactly(new FieldError("spec", "required"));
    }

    @Test
    void acceptsAFullSpecAndDefaultsUnschedulableToFalse() {
      MemberClusterSpec spec =
          new MemberClusterSpec(
              "eu-central",
              "eu-central-1a",
              "onprem",
              "onprem",
              new Cost(new BigDecimal("0.02"), new BigDecimal("0.004")),
              List.of(new Taint("dedicated", "ml", TaintEffect.NO_SCHEDULE)),
              null);
      FieldErrors errors = new FieldErrors();

      MemberClusterSpec admitted = strategy.admit(metadata, spec, errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.unschedulable()).isFalse();
      assertThat(admitted)
          .usingRecursiveComparison()
          .ignoringFields("unschedulable")
          .isEqualTo(spec);
    }

    @Test
    void keepsUnschedulableWhenSet() {
      FieldErrors errors = new FieldErrors();

      MemberClusterSpec admitted =
          strategy.admit(
              metadata, new MemberClusterSpec(null, null, null, null, null, null, true), errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.unschedulable()).isTrue();
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        quoteCharacter = '`',
        nullValues = "null",
        textBlock =
            """
            # region,      zone,         provider,  tier,     bad field
            eu-central,    eu-central-a, aws,       cloud,    null
            ``,            ``,           ``,        ``,       null
            null,          null,         null,      null,     null
            Eu_West.1,     a,            GCP,       T1,       null
            eu central,    a,            aws,       cloud,    spec.region
            eu,            -a,           aws,       cloud,    spec.zone
            eu,            a,            aws/x,     cloud,    spec.provider
            eu,            a,            aws,       cloud.,   spec.tier
            """)
    // spotless:on
    void validatesLocationFieldsAsLabelValues(
        String region, String zone, String provider, String tier, String badField) {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, spec(region, zone, provider, tier), errors);

      if (badField == null) {
        assertThat(errors.list()).isEmpty();
      } else {
        assertThat(errors.list())
            .singleElement()
            .satisfies(
                error -> {
                  assertThat(error.field()).isEqualTo(badField);
                  assertThat(error.message()).contains("must be empty or at most 63");
                });
      }
    }

    @Test
    void refusesLocationValuesLongerThan63Characters() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, spec("r".repeat(64), "z".repeat(63), null, null), errors);

      assertThat(errors.list()).extracting(FieldError::field).containsExactly("spec.region");
    }
  }

  @Nested
  class Prices {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            # given,            stored
            0.02,               0.02
            0.0200000000000,    0.02
            1.50,               1.5
            100,                100
            100.00,             100
            1E+3,               1000
            0,                  0
            0.000,              0
            0.000000001,        0.000000001
            0.0000000010000,    0.000000001
            1000000,            1000000
            1000000.000,        1000000
            """)
    // spotless:on
    void normalizesPricesWithoutTrailingZerosOrExponent(String given, String stored) {
      FieldErrors errors = new FieldErrors();

      MemberClusterSpec admitted = strategy.admit(metadata, withCost(given, given), errors);

      assertThat(errors.list()).isEmpty();
      BigDecimal price = admitted.cost().cpuCoreHour();
      assertThat(price.toPlainString()).isEqualTo(stored);
      assertThat(price.scale()).as("no exponent for large values").isNotNegative();
      assertThat(price.compareTo(new BigDecimal(given))).isZero();
      assertThat(admitted.cost().memoryGiBHour()).isEqualTo(admitted.cost().cpuCoreHour());
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            # price              | message
            -0.01                | must be between 0 and 1000000, got -0.01
            -1                   | must be between 0 and 1000000, got -1
            1000000.000000001    | must be between 0 and 1000000, got 1000000.000000001
            2E+6                 | must be between 0 and 1000000, got 2E+6
            0.0000000001         | at most 9 decimal places, got 1E-10
            0.1234567891         | at most 9 decimal places, got 0.1234567891
            """)
    // spotless:on
    void refusesPricesOutOfRangeOrTooPrecise(String price, String message) {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, withCost(price, null), errors);

      assertThat(errors.list()).containsExactly(new FieldError("spec.cost.cpuCoreHour", message));
    }

    @Test
    void reportsEachPriceAtItsOwnField() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, withCost("-1", "0.00000000001"), errors);

      assertThat(errors.list())
          .extracting(FieldError::field)
          .containsExactly("spec.cost.cpuCoreHour", "spec.cost.memoryGiBHour");
    }

    @Test
    void leavesAbsentPricesAbsent() {
      FieldErrors errors = new FieldErrors();

      MemberClusterSpec admitted = strategy.admit(metadata, withCost(null, "0.5"), errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.cost()).isEqualTo(new Cost(null, new BigDecimal("0.5")));
    }
  }

  @Nested
  class Taints {

    @Test
    void acceptsTheSameKeyWithDifferentEffects() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(
          metadata,
          withTaints(
              new Taint("gpu", null, TaintEffect.NO_SCHEDULE),
              new Taint("gpu", "", TaintEffect.PREFER_NO_SCHEDULE),
              new Taint("example.com/gpu", "a100", TaintEffect.NO_EXECUTE)),
          errors);

      assertThat(errors.list()).isEmpty();
    }

    @Test
    void refusesADuplicateKeyAndEffect() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(
          metadata,
          withTaints(
              new Taint("gpu", "a", TaintEffect.NO_SCHEDULE),
              new Taint("other", null, TaintEffect.NO_SCHEDULE),
              new Taint("gpu", "b", TaintEffect.NO_SCHEDULE)),
          errors);

      assertThat(errors.list())
          .containsExactly(
              new FieldError("spec.taints[2]", "duplicate taint for key \"gpu\" and this effect"));
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    @NullSource
    void requiresAKey(String key) {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, withTaints(new Taint(key, null, TaintEffect.NO_SCHEDULE)), errors);

      assertThat(errors.list()).containsExactly(new FieldError("spec.taints[0].key", "required"));
    }

    @Test
    void requiresAnEffect() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(metadata, withTaints(new Taint("gpu", null, null)), errors);

      assertThat(errors.list())
          .containsExactly(new FieldError("spec.taints[0].effect", "required"));
    }

    @Test
    void validatesKeyAsQualifiedNameAndValueAsLabelValue() {
      FieldErrors errors = new FieldErrors();

      strategy.admit(
          metadata,
          withTaints(
              new Taint("a/b/c", null, TaintEffect.NO_SCHEDULE),
              new Taint("gpu", "not valid", TaintEffect.NO_SCHEDULE)),
          errors);

      assertThat(errors.list())
          .extracting(FieldError::field)
          .containsExactly("spec.taints[0].key", "spec.taints[1].value");
    }

    @Test
    void refusesMoreThan64Taints() {
      List<Taint> taints = new ArrayList<>();
      for (int i = 0; i < 65; i++) {
        taints.add(new Taint("key-" + i, null, TaintEffect.NO_SCHEDULE));
      }
      FieldErrors errors = new FieldErrors();

      strategy.admit(
          metadata, new MemberClusterSpec(null, null, null, null, null, taints, null), errors);

      assertThat(errors.list())
          .containsExactly(new FieldError("spec.taints", "at most 64 taints, got 65"));
    }
  }

  @Nested
  class Labels {

    @Test
    void managesTheTopologyProviderAndTierLabels() {
      assertThat(strategy.managedLabelKeys())
          .containsExactlyInAnyOrder(
              "topology.kubernetes.io/region",
              "topology.kubernetes.io/zone",
              "ubernetes.io/provider",
              "ubernetes.io/tier");
    }

    @Test
    void mirrorsTheSpecIntoLabels() {
      assertThat(strategy.managedLabels(spec("eu-central", "eu-central-1a", "aws", "cloud")))
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "topology.kubernetes.io/region", "eu-central",
                  "topology.kubernetes.io/zone", "eu-central-1a",
                  "ubernetes.io/provider", "aws",
                  "ubernetes.io/tier", "cloud"));
    }

    @Test
    void leavesOutAbsentAndEmptyFields() {
      assertThat(strategy.managedLabels(spec(null, "", "onprem", null)))
          .containsExactlyInAnyOrderEntriesOf(Map.of("ubernetes.io/provider", "onprem"));
    }
  }

  @Nested
  class InitialStatus {

    @Test
    void reportsReadyUnknownUntilTheAgentConnects() {
      MemberClusterStatus status =
          strategy.initialStatus(
              spec("eu", null, null, null), Instant.parse("2025-03-04T05:06:07.891Z"));

      assertThat(status.conditions())
          .containsExactly(
              new Condition(
                  "Ready",
                  "Unknown",
                  "AgentNeverConnected",
                  "No member agent has reported for this cluster yet",
                  "2025-03-04T05:06:07Z",
                  1L));
      assertThat(status.lastHeartbeatTime()).isNull();
      assertThat(status.allocatable()).isNull();
      assertThat(status.allocated()).isNull();
      assertThat(status.kubernetesVersion()).isNull();
      assertThat(status.agentVersion()).isNull();
    }
  }

  @Test
  void isAClusterScopedKindNamedByDnsLabels() {
    FieldErrors errors = new FieldErrors();

    strategy.validateName("eu-1", "metadata.name", errors);
    strategy.validateName("eu.1", "metadata.name", errors);

    assertThat(strategy.kind()).isEqualTo("MemberCluster");
    assertThat(strategy.namespaced()).isFalse();
    assertThat(errors.list()).extracting(FieldError::field).containsExactly("metadata.name");
  }
}
