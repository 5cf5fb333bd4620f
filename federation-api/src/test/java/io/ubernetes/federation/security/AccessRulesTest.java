package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The access rules on their own, for what the matrix over HTTP does not vary: public metrics and
 * API docs, encoded paths, cluster-scoped writes by operators, tokens without a role.
 */
class AccessRulesTest {
  /**
   * The cluster-scoped kinds operators confined to no namespace write, as the registry of kinds
   * gives them (AuthorizationMatrixIT holds the service's own registry to the same answers).
   */
  private static final Map<String, String> OPERATOR_WRITTEN =
      Map.of(
          "placementpolicies", "placement policies",
          "rolloutstrategies", "rollout strategies",
          "clusteroverridepolicies", "cluster override policies",
          "healthrules", "health rules",
          "clusterfederatedworkloads", "cluster federated workloads",
          "clusterworkloads", "cluster federated workloads",
          "federatedresourcequotas", "federated resource quotas");

  private static final Caller VIEWER = Caller.user("v", "t1", Role.VIEWER, Set.of());
  private static final Caller SHOP_OPERATOR = Caller.user("o", "t2", Role.OPERATOR, Set.of("shop"));
  private static final Caller OPERATOR = Caller.user("o", "t3", Role.OPERATOR, Set.of());
  private static final Caller EU_OPERATOR =
      Caller.user("e", "t5", Role.OPERATOR, Set.of("shop"), Set.of("eu"));
  private static final Caller ADMIN = Caller.user("a", "t4", Role.ADMIN, Set.of());
  private static final Caller ROLELESS = Caller.user("r", null, null, Set.of());
  private static final Caller AGENT = Caller.agent("fra");

  private static Caller caller(String name) {
    return switch (name) {
      case "none" -> null;
      case "viewer" -> VIEWER;
      case "shop-operator" -> SHOP_OPERATOR;
      case "operator" -> OPERATOR;
      case "eu-operator" -> EU_OPERATOR;
      case "admin" -> ADMIN;
      case "roleless" -> ROLELESS;
      case "agent" -> AGENT;
      default -> throw new IllegalArgumentException(name);
    };
  }

  // spotless:off
  @ParameterizedTest(name = "{0} {1} {2}, public={3}: {4}")
  @CsvSource({
      "none,          GET,    /actuator/prometheus,                     true,  allowed",
      "none,          GET,    /actuator/prometheus,                     false, refused",
      "none,          GET,    /v3/api-docs,                             true,  allowed",
      "none,          GET,    /v3/api-docs,                             false, refused",
      "none,          GET,    /v3/api-docs.yaml,                        false, refused",
      "none,          GET,    /swagger-ui/index.html,                   true,  allowed",
      "none,          GET,    /swagger-ui/index.html,                   false, allowed",
      "none,          GET,    /swagger-ui.html,                         false, allowed",
      "none,          GET,    /v3/api-docs/swagger-config,              false, allowed",
      "none,          GET,    /ui,                                      false, allowed",
      "none,          GET,    /ui/,                                     false, allowed",
      "none,          GET,    /ui/fleet.js,                             false, allowed",
      "none,          POST,   /ui/index.html,                           false, refused",
      "none,          GET,    /uinvited,                                false, refused",
      "viewer,        DELETE, /ui/index.html,                           false, refused",
      "none,          GET,    /actuator/health/readiness,               false, allowed",
      "none,          POST,   /api/v1/agent/join,                       false, allowed",
      "none,          GET,    /api/v1/agent/join,                       false, refused",
      "none,          DELETE, /api/v1/clusters/fra,                     true,  refused",
      "shop-operator, POST,   /api/v1/namespaces/shop/workloads,        false, allowed",
      "shop-operator, POST,   /api/v1/namespaces/sh%6Fp/workloads,      false, allowed",
      "shop-operator, POST,   /api/v1/namespaces/bank/workloads,        false, refused",
      "shop-operator, GET,    /api/v1/namespaces/bank/workloads,        false, refused",
      "shop-operator, GET,    /api/v1/workloads,                        false, allowed",
      "shop-operator, GET,    /api/v1/namespaces/shop/events,           false, allowed",
      "shop-operator, GET,    /api/v1/namespaces/bank/events,           false, refused",
      "shop-operator, GET,    /api/v1/events,                           false, allowed",
      "viewer,        POST,   /api/v1/namespaces/shop/events,           false, refused",
      "shop-operator, POST,   /api/v1/placementpolicies,                false, refused",
      "shop-operator, GET,    /api/v1/placementpolicies,                false, allowed",
      "operator,      POST,   /api/v1/placementpolicies,                false, allowed",
      "shop-operator, POST,   /api/v1/rolloutstrategies,                false, refused",
      "shop-operator, POST,   /api/v1/clusteroverridepolicies,          false, refused",
      "operator,      POST,   /api/v1/clusteroverridepolicies,          false, allowed",
      "shop-operator, POST,   /api/v1/healthrules,                      false, refused",
      "operator,      POST,   /api/v1/healthrules,                      false, allowed",
      "viewer,        PUT,    /apis/ubernetes.io/v1/healthrules/db,     false, refused",
      "viewer,        GET,    /apis/ubernetes.io/v1/clusteroverridepolicies, false, allowed",
      "eu-operator,   POST,   /api/v1/namespaces/shop/clustersetbindings,        false, allowed",
      "eu-operator,   PUT,    /api/v1/namespaces/shop/clustersetbindings/eu,     false, allowed",
      "eu-operator,   DELETE, /apis/ubernetes.io/v1/namespaces/shop/clustersetbindings/eu, false, allowed",
      "eu-operator,   DELETE, /apis/ubernetes.io/v1/namespaces/shop/clustersetbindings/us, false, refused",
      "eu-operator,   POST,   /api/v1/namespaces/bank/clustersetbindings,        false, refused",
      "eu-operator,   DELETE, /api/v1/namespaces/shop/clustersetbindings,        false, refused",
      "eu-operator,   GET,    /api/v1/namespaces/shop/clustersetbindings/us,     false, allowed",
      "shop-operator, POST,   /api/v1/namespaces/shop/clustersetbindings,        false, refused",
      "shop-operator, DELETE, /api/v1/namespaces/shop/clustersetbindings/eu,     false, refused",
      "operator,      POST,   /api/v1/namespaces/shop/clustersetbindings,        false, refused",
      "admin,         DELETE, /api/v1/namespaces/shop/clustersetbindings/us,     false, allowed",
      "eu-operator,   POST,   /api/v1/clustersets,                               false, refused",
      "operator,      POST,   /api/v1/clustersets,                               false, refused",
      "admin,         POST,   /api/v1/clustersets,                               false, allowed",
      "shop-operator, POST,   /apis/ubernetes.io/v1/namespaces/shop/overridepolicies, false, allowed",
      "shop-operator, POST,   /apis/ubernetes.io/v1/namespaces/bank/overridepolicies, false, refused",
      "viewer,        POST,   /apis/ubernetes.io/v1/namespaces/shop/overridepolicies, false, refused",
      "shop-operator, POST,   /apis/ubernetes.io/v1/namespaces/shop/federatedresourcequotas, false, refused",
      "shop-operator, PATCH,  /api/v1/namespaces/shop/federatedresourcequotas/compute, false, refused",
      "shop-operator, DELETE, /api/v1/namespaces/shop/federatedresourcequotas/compute, false, refused",
      "shop-operator, GET,    /api/v1/namespaces/shop/federatedresourcequotas/compute, false, allowed",
      "operator,      POST,   /apis/ubernetes.io/v1/namespaces/shop/federatedresourcequotas, false, allowed",
      "admin,         PUT,    /api/v1/namespaces/shop/federatedresourcequotas/compute, false, allowed",
      "viewer,        POST,   /api/v1/namespaces/shop/federatedresourcequotas, false, refused",
      "shop-operator, GET,    /api/v1/rolloutstrategies,                false, allowed",
      "operator,      POST,   /api/v1/rolloutstrategies,                false, allowed",
      "viewer,        POST,   /api/v1/rolloutstrategies,                false, refused",
      "shop-operator, DELETE, /apis/ubernetes.io/v1/rolloutstrategies/canary,           false, refused",
      "operator,      PATCH,  /apis/ubernetes.io/v1/rolloutstrategies/canary,           false, allowed",
      "admin,         DELETE, /apis/ubernetes.io/v1/rolloutstrategies/canary,           false, allowed",
      "operator,      POST,   /api/v1/clusters,                         false, refused",
      "shop-operator, POST,   /apis/ubernetes.io/v1/clusterfederatedworkloads,          false, refused",
      "shop-operator, GET,    /apis/ubernetes.io/v1/clusterfederatedworkloads,          false, allowed",
      "operator,      POST,   /apis/ubernetes.io/v1/clusterfederatedworkloads,          false, allowed",
      "shop-operator, POST,   /api/v1/clusterworkloads,                 false, refused",
      "viewer,        DELETE, /apis/ubernetes.io/v1/clusterfederatedworkloads/crds,     false, refused",
      "admin,         DELETE, /apis/ubernetes.io/v1/clusterfederatedworkloads/crds,     false, allowed",
      "shop-operator, POST,   /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads, false, allowed",
      "shop-operator, POST,   /apis/ubernetes.io/v1/namespaces/bank/federatedworkloads, false, refused",
      "shop-operator, GET,    /apis/ubernetes.io/v1/namespaces/bank/federatedservices,  false, refused",
      "shop-operator, POST,   /apis/ubernetes.io/v1/placementpolicies,                  false, refused",
      "operator,      POST,   /apis/ubernetes.io/v1/placementpolicies,                  false, allowed",
      "operator,      POST,   /apis/ubernetes.io/v1/memberclusters,                     false, refused",
      "admin,         POST,   /apis/ubernetes.io/v1/memberclusters,                     false, allowed",
      "shop-operator, GET,    /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/web/status,    false, allowed",
      "shop-operator, GET,    /apis/ubernetes.io/v1/namespaces/bank/federatedworkloads/web/status,    false, refused",
      "shop-operator, GET,    /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/web/placement, false, allowed",
      "shop-operator, GET,    /apis/ubernetes.io/v1/namespaces/bank/federatedworkloads/web/placement, false, refused",
      "viewer,        PUT,    /apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/web/status,    false, refused",
      "viewer,        GET,    /apis/ubernetes.io/v1/memberclusters/fra/status,                        false, allowed",
      "operator,      PATCH,  /apis/ubernetes.io/v1/memberclusters/fra/status,                        false, refused",
      "shop-operator, GET,    /apis/ubernetes.io/v1/federatedservices,                                false, allowed",
      "viewer,        POST,   /apis/authorization.k8s.io/v1/selfsubjectaccessreviews,                false, allowed",
      "viewer,        POST,   /apis/authorization.k8s.io/v1/selfsubjectrulesreviews,                 false, allowed",
      "none,          POST,   /apis/authorization.k8s.io/v1/selfsubjectaccessreviews,                false, refused",
      "agent,         POST,   /apis/authorization.k8s.io/v1/selfsubjectaccessreviews,                false, refused",
      "viewer,        POST,   /apis/authorization.k8s.io/v1/subjectaccessreviews,                    false, refused",
      "viewer,        GET,    /apis,                                                    false, allowed",
      "none,          GET,    /apis,                                                    false, refused",
      "none,          GET,    /version,                                                 false, allowed",
      "none,          POST,   /version,                                                 false, refused",
      "operator,      POST,   /api/v1/clusters/fra:approve,             false, refused",
      "operator,      POST,   /api/v1/placement:simulate,               false, allowed",
      "viewer,        POST,   /api/v1/placement:simulate,               false, allowed",
      "viewer,        PATCH,  /api/v1/namespaces/shop/services/web,     false, refused",
      "viewer,        GET,    /api/v1/tokens,                           false, refused",
      "admin,         DELETE, /api/v1/tokens/abc,                       false, allowed",
      "operator,      POST,   /api/v1/jointokens,                       false, refused",
      "viewer,        GET,    /api/v1/jointokens,                       false, refused",
      "admin,         POST,   /api/v1/jointokens,                       false, allowed",
      "admin,         DELETE, /api/v1/jointokens/abc,                   false, allowed",
      "admin,         GET,    /api/v1/audit,                            false, allowed",
      "admin,         PUT,    /api/v1/agent/clusters/fra/heartbeat,     false, refused",
      "roleless,      GET,    /api/v1/clusters,                         false, refused",
      "agent,         PUT,    /api/v1/agent/clusters/fra/heartbeat,     false, allowed",
      "agent,         POST,   /api/v1/agent/clusters/fra/credential,    false, allowed",
      "agent,         PUT,    /api/v1/agent/clusters/fra2/heartbeat,    false, refused",
      "agent,         GET,    /api/v1/clusters,                         false, refused",
      "agent,         GET,    /actuator/prometheus,                     false, refused",
  })
  // spotless:on
  void decides(String who, String method, String path, boolean open, String expected) {
    AccessRules rules =
        new AccessRules(open, open, segment -> Optional.ofNullable(OPERATOR_WRITTEN.get(segment)));

    AccessRules.Decision decision = rules.decide(caller(who), method, path);

    assertThat(decision instanceof AccessRules.Decision.Allowed ? "allowed" : "refused")
        .isEqualTo(expected);
    if (decision instanceof AccessRules.Decision.Refused refused) {
      assertThat(refused.reason()).isNotBlank();
    }
  }
}
