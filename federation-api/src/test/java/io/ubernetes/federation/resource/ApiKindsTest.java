package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.health.HealthRuleStrategy;
import io.ubernetes.federation.override.OverridePolicyStrategy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import io.ubernetes.federation.quota.FederatedResourceQuotaStrategy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The registry of kinds finds a kind by either of its paths and refuses two kinds of one name. */
class ApiKindsTest {
  private final MemberClusterStrategy clusters = new MemberClusterStrategy();
  private final PlacementPolicyStrategy policies = new PlacementPolicyStrategy();
  private final HealthRuleStrategy rules = new HealthRuleStrategy();

  @Test
  void findsAKindByItsPluralOrItsOldPluralAndKeepsTheOrderItWasGiven() {
    ApiKinds kinds = new ApiKinds(List.of(clusters, policies, rules));

    assertThat(kinds.all()).containsExactly(clusters, policies, rules);
    assertThat(kinds.byPlural("memberclusters")).contains(clusters);
    assertThat(kinds.byPlural("clusters")).as("an old plural is no group path").isEmpty();
    assertThat(kinds.bySegment("clusters")).contains(clusters);
    assertThat(kinds.bySegment("healthrules")).contains(rules);
    assertThat(kinds.bySegment("tokens")).isEmpty();
  }

  @Test
  void namesInWordsTheClusterScopedKindsOperatorsConfinedToNoNamespaceWrite() {
    ApiKinds kinds = new ApiKinds(List.of(clusters, policies, rules));

    assertThat(kinds.writtenByUnconfinedOperators("placementpolicies"))
        .contains("placement policies");
    assertThat(kinds.writtenByUnconfinedOperators("healthrules")).contains("health rules");
    assertThat(kinds.writtenByUnconfinedOperators("clusters")).as("admins alone").isEmpty();
    assertThat(kinds.writtenByUnconfinedOperators("tokens")).isEmpty();
  }

  @Test
  void namesInWordsTheNamespacedKindsTheNamespacesOwnOperatorsDoNotWrite() {
    ApiKinds kinds =
        new ApiKinds(List.of(new OverridePolicyStrategy(), new FederatedResourceQuotaStrategy()));

    assertThat(kinds.writtenByUnconfinedOperators("federatedresourcequotas"))
        .contains("federated resource quotas");
    assertThat(kinds.writtenByUnconfinedOperators("overridepolicies"))
        .as("written by the namespace's operators")
        .isEmpty();
  }

  static Stream<Arguments> clashes() {
    return Stream.of(
        argumentSet(
            "two kinds of one plural",
            new PlacementPolicyStrategy(),
            another("PlacementRule", ApiKind.of("placementpolicies", "placementrule", "pr")),
            "the kinds PlacementPolicy and PlacementRule both claim the name placementpolicies"),
        argumentSet(
            "a short name that is another kind's old plural",
            new MemberClusterStrategy(),
            another("ClusterSet", ApiKind.of("clustersets", "clusterset", "clusters")),
            "the kinds MemberCluster and ClusterSet both claim the name clusters"));
  }

  @ParameterizedTest
  @MethodSource("clashes")
  void twoKindsThatClaimOneNameStopTheService(
      ResourceStrategy<?, ?, ?> first, ResourceStrategy<?, ?, ?> second, String message) {
    assertThatThrownBy(() -> new ApiKinds(List.of(first, second)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(message);
  }

  /** A kind of another name, with the health rules' code. */
  private static ResourceStrategy<?, ?, ?> another(String kind, ApiKind api) {
    return new HealthRuleStrategy() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public ApiKind api() {
        return api;
      }
    };
  }
}
