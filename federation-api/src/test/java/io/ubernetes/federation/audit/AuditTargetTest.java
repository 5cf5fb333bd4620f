package io.ubernetes.federation.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.audit.AuditFilter.Target;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A write is recorded against the same kind and object on either of the paths a kind has. */
class AuditTargetTest {
  /**
   * The kind of each path segment below, as the registry of kinds gives it: a kind, then the
   * segments of its two paths. KindRegistrationIT holds every served kind to being audited under
   * its kind on both of its paths.
   */
  private static final Map<String, String> KINDS =
      Stream.of(
              "FederatedWorkload workloads federatedworkloads",
              "ClusterFederatedWorkload clusterworkloads clusterfederatedworkloads",
              "FederatedService services federatedservices",
              "MemberCluster clusters memberclusters",
              "PlacementPolicy placementpolicies",
              "RolloutStrategy rolloutstrategies",
              "OverridePolicy overridepolicies",
              "ClusterOverridePolicy clusteroverridepolicies",
              "HealthRule healthrules",
              "FederatedObject federatedobjects")
          .map(line -> line.split(" "))
          .flatMap(words -> Arrays.stream(words, 1, words.length).map(s -> Map.entry(s, words[0])))
          .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

  @ParameterizedTest
  @CsvSource({
    "POST, /api/v1/namespaces/shop/workloads, create, FederatedWorkload, shop, ",
    "POST, /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads, create, FederatedWorkload, shop, ",
    "PUT, /api/v1/namespaces/shop/services/web, update, FederatedService, shop, web",
    "PUT, /apis/ubernetes.io/v1/namespaces/shop/federatedservices/web, update, FederatedService, shop, web",
    "DELETE, /api/v1/clusters/onprem-fra, delete, MemberCluster, , onprem-fra",
    "DELETE, /apis/ubernetes.io/v1/memberclusters/onprem-fra, delete, MemberCluster, , onprem-fra",
    "PATCH, /apis/ubernetes.io/v1/placementpolicies/eu-only, patch, PlacementPolicy, , eu-only",
    "DELETE, /apis/ubernetes.io/v1/rolloutstrategies/canary, delete, RolloutStrategy, , canary",
    "POST, /api/v1/rolloutstrategies, create, RolloutStrategy, , ",
    "DELETE, /apis/ubernetes.io/v1/clusteroverridepolicies/eu, delete, ClusterOverridePolicy, , eu",
    "PUT, /apis/ubernetes.io/v1/healthrules/databases, update, HealthRule, , databases",
    "POST, /api/v1/healthrules, create, HealthRule, , ",
    "PUT, /apis/ubernetes.io/v1/namespaces/shop/overridepolicies/eu, update, OverridePolicy, shop, eu",
    "DELETE, /apis/ubernetes.io/v1/namespaces/shop/federatedobjects/app-config, delete, FederatedObject, shop, app-config",
    "PATCH, /api/v1/namespaces/shop/federatedobjects/app-config, patch, FederatedObject, shop, app-config",
    "DELETE, /apis/ubernetes.io/v1/clusterfederatedworkloads/crds, delete, ClusterFederatedWorkload, , crds",
    "POST, /api/v1/clusterworkloads, create, ClusterFederatedWorkload, , ",
    "PUT, /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/web/status, update, FederatedWorkload, shop, web",
    "PATCH, /apis/ubernetes.io/v1/memberclusters/onprem-fra/status, patch, MemberCluster, , onprem-fra",
    "POST, /api/v1/clusters/onprem-fra:approve, approve, MemberCluster, , onprem-fra",
    "POST, /api/v1/agent/clusters/onprem-fra/credential, rotate-credential, MemberCluster, , onprem-fra",
    "POST, /api/v1/tokens, create, ApiToken, , "
  })
  void namesTheKindAndObjectOnEitherPath(
      String method, String path, String verb, String kind, String namespace, String name) {
    assertThat(AuditFilter.target(method, path, KINDS::get))
        .isEqualTo(new Target(verb, kind, namespace, name));
  }
}
