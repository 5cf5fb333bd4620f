package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.Hidden;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.dependency.FederatedObjectStrategy;
import io.ubernetes.federation.health.HealthRuleStrategy;
import io.ubernetes.federation.override.ClusterOverridePolicyStrategy;
import io.ubernetes.federation.override.OverridePolicyStrategy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.resource.ResourceWatches;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategyStrategy;
import io.ubernetes.federation.service.FederatedServiceStrategy;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Watches: {@code ?watch=true} (or any other true value) on every list path of the group, and on
 * the old {@code /api/v1} paths alike. The list itself stays with each kind's controller; a request
 * with {@code watch} set to true maps here as the more specific match of the same path.
 */
@RestController
@Hidden
class WatchController {
  // A watch: the parameter is there and is none of the false values Go's ParseBool takes.
  private static final String WATCH = "watch";
  private static final String NOT_FALSE = "watch!=false";
  private static final String NOT_0 = "watch!=0";
  private static final String NOT_F = "watch!=f";
  private static final String NOT_UPPER_F = "watch!=F";
  private static final String NOT_FALSE_UPPER = "watch!=FALSE";
  private static final String NOT_FALSE_TITLE = "watch!=False";

  private final ResourceWatches watches;
  private final Map<String, ResourceStrategy<?, ?, ?>> byPlural;

  WatchController(
      ResourceWatches watches,
      MemberClusterStrategy clusters,
      PlacementPolicyStrategy policies,
      RolloutStrategyStrategy rolloutStrategies,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      FederatedServiceStrategy services,
      OverridePolicyStrategy overridePolicies,
      ClusterOverridePolicyStrategy clusterOverridePolicies,
      FederatedObjectStrategy objects,
      HealthRuleStrategy healthRules) {
    this.watches = watches;
    // The last segment of a watched path names the kind, on the group paths and the old ones.
    this.byPlural =
        Map.ofEntries(
            Map.entry("memberclusters", clusters),
            Map.entry("clusters", clusters),
            Map.entry("placementpolicies", policies),
            Map.entry("rolloutstrategies", rolloutStrategies),
            Map.entry("federatedworkloads", workloads),
            Map.entry("workloads", workloads),
            Map.entry("clusterfederatedworkloads", clusterWorkloads),
            Map.entry("clusterworkloads", clusterWorkloads),
            Map.entry("federatedservices", services),
            Map.entry("services", services),
            Map.entry("overridepolicies", overridePolicies),
            Map.entry("clusteroverridepolicies", clusterOverridePolicies),
            Map.entry("federatedobjects", objects),
            Map.entry("healthrules", healthRules));
  }

  @GetMapping(
      path = {
        "/api/v1/clusters",
        "/apis/ubernetes.io/v1/memberclusters",
        "/api/v1/placementpolicies",
        "/apis/ubernetes.io/v1/placementpolicies",
        "/api/v1/rolloutstrategies",
        "/apis/ubernetes.io/v1/rolloutstrategies",
        "/api/v1/clusteroverridepolicies",
        "/apis/ubernetes.io/v1/clusteroverridepolicies",
        "/api/v1/healthrules",
        "/apis/ubernetes.io/v1/healthrules",
        "/api/v1/clusterworkloads",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads"
      },
      params = {WATCH, NOT_FALSE, NOT_0, NOT_F, NOT_UPPER_F, NOT_FALSE_UPPER, NOT_FALSE_TITLE})
  void clusterScoped(HttpServletRequest request, HttpServletResponse response) throws IOException {
    watches.serve(watched(request), null, request, response);
  }

  @GetMapping(
      path = {
        "/api/v1/namespaces/{namespace}/workloads",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads",
        "/api/v1/namespaces/{namespace}/services",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedservices",
        "/api/v1/namespaces/{namespace}/overridepolicies",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/overridepolicies",
        "/api/v1/namespaces/{namespace}/federatedobjects",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedobjects"
      },
      params = {WATCH, NOT_FALSE, NOT_0, NOT_F, NOT_UPPER_F, NOT_FALSE_UPPER, NOT_FALSE_TITLE})
  void namespaced(
      @PathVariable String namespace, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    watches.serve(watched(request), Set.of(namespace), request, response);
  }

  /** Every namespace's objects; a caller confined to namespaces watches those of its own. */
  @GetMapping(
      path = {
        "/api/v1/workloads",
        "/apis/ubernetes.io/v1/federatedworkloads",
        "/apis/ubernetes.io/v1/federatedservices",
        "/apis/ubernetes.io/v1/overridepolicies",
        "/apis/ubernetes.io/v1/federatedobjects"
      },
      params = {WATCH, NOT_FALSE, NOT_0, NOT_F, NOT_UPPER_F, NOT_FALSE_UPPER, NOT_FALSE_TITLE})
  void allNamespaces(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Set<String> namespaces =
        Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
    watches.serve(watched(request), namespaces, request, response);
  }

  private ResourceStrategy<?, ?, ?> watched(HttpServletRequest request) {
    String path = request.getRequestURI();
    return byPlural.get(path.substring(path.lastIndexOf('/') + 1));
  }

  /**
   * {@code sendInitialEvents} belongs to watches: a list that sends it is refused as Kubernetes
   * does.
   */
  @GetMapping(
      path = {
        "/api/v1/clusters",
        "/apis/ubernetes.io/v1/memberclusters",
        "/api/v1/placementpolicies",
        "/apis/ubernetes.io/v1/placementpolicies",
        "/api/v1/rolloutstrategies",
        "/apis/ubernetes.io/v1/rolloutstrategies",
        "/api/v1/clusterworkloads",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads",
        "/api/v1/namespaces/{namespace}/workloads",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads",
        "/api/v1/workloads",
        "/apis/ubernetes.io/v1/federatedworkloads",
        "/api/v1/namespaces/{namespace}/services",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedservices",
        "/apis/ubernetes.io/v1/federatedservices",
        "/api/v1/clusteroverridepolicies",
        "/apis/ubernetes.io/v1/clusteroverridepolicies",
        "/api/v1/healthrules",
        "/apis/ubernetes.io/v1/healthrules",
        "/api/v1/namespaces/{namespace}/overridepolicies",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/overridepolicies",
        "/apis/ubernetes.io/v1/overridepolicies",
        "/api/v1/namespaces/{namespace}/federatedobjects",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedobjects",
        "/apis/ubernetes.io/v1/federatedobjects"
      },
      params = {"sendInitialEvents", "!watch"})
  void listWithInitialEvents() {
    throw ApiException.invalid(
        "ListOptions",
        null,
        List.of(
            new FieldError(
                "sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list")));
  }
}
