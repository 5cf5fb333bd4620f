package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.health.HealthRuleStrategy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

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
  void twoKindsOfOnePluralStopTheService() {
    HealthRuleStrategy samePlural =
        new HealthRuleStrategy() {
          @Override
          public String kind() {
            return "PlacementRule";
          }

          @Override
          public ApiKind api() {
            return ApiKind.of("placementpolicies", "placementrule", "pr");
          }
        };

    assertThatThrownBy(() -> new ApiKinds(List.of(policies, samePlural)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the kinds PlacementPolicy and PlacementRule both claim the name placementpolicies");
  }

  @Test
  void aShortNameThatIsAnotherKindsOldPluralStopsTheService() {
    HealthRuleStrategy shortNameTaken =
        new HealthRuleStrategy() {
          @Override
          public String kind() {
            return "ClusterSet";
          }

          @Override
          public ApiKind api() {
            return ApiKind.of("clustersets", "clusterset", "clusters");
          }
        };

    assertThatThrownBy(() -> new ApiKinds(List.of(clusters, shortNameTaken)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the kinds MemberCluster and ClusterSet both claim the name clusters");
  }
}
