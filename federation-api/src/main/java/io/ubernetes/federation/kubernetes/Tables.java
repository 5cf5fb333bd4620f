package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.dependency.FederatedObject;
import io.ubernetes.federation.health.HealthRule;
import io.ubernetes.federation.override.ClusterOverridePolicy;
import io.ubernetes.federation.override.OverridePolicy;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ListMeta;
import io.ubernetes.federation.rolloutstrategy.RolloutStrategy;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Objects as {@code meta.k8s.io/v1} Tables, the form {@code kubectl get} prints. A kind's columns
 * are constants and a row is a function of the object and the time alone, so that a list, a read
 * and a watch event of the same kind carry identical column definitions (kubectl compares them to
 * decide whether to print the header again).
 */
final class Tables {
  static final String API_VERSION = "meta.k8s.io/v1";

  /** For kinds without columns of their own: what kubectl prints for any object. */
  private static final List<TableColumn> GENERIC =
      List.of(TableColumn.name("object"), TableColumn.age());

  private Tables() {}

  /** The columns of {@code kind}, the same for every request. */
  static List<TableColumn> columns(String kind) {
    return switch (kind) {
      case FederatedWorkload.KIND, ClusterFederatedWorkload.KIND -> WorkloadColumns.COLUMNS;
      case MemberCluster.KIND -> ClusterColumns.COLUMNS;
      case PlacementPolicy.KIND -> PolicyColumns.COLUMNS;
      case RolloutStrategy.KIND -> RolloutStrategyColumns.COLUMNS;
      case FederatedService.KIND -> ServiceColumns.COLUMNS;
      case OverridePolicy.KIND, ClusterOverridePolicy.KIND -> OverridePolicyColumns.columns(kind);
      case FederatedObject.KIND -> FederatedObjectColumns.COLUMNS;
      case HealthRule.KIND -> HealthRuleColumns.COLUMNS;
      default -> GENERIC;
    };
  }

  /** One row: the cells in the order of {@link #columns} and, as asked, the object. */
  static Map<String, Object> row(ApiObject<?, ?> object, Instant now, IncludeObject include) {
    List<Object> cells =
        switch (object) {
          case FederatedWorkload workload -> WorkloadColumns.cells(workload, now);
          case ClusterFederatedWorkload workload ->
              WorkloadColumns.cells(workload.asWorkload(), now);
          case MemberCluster cluster -> ClusterColumns.cells(cluster, now);
          case PlacementPolicy policy -> PolicyColumns.cells(policy, now);
          case RolloutStrategy strategy -> RolloutStrategyColumns.cells(strategy, now);
          case FederatedService service -> ServiceColumns.cells(service, now);
          case OverridePolicy policy ->
              OverridePolicyColumns.cells(
                  policy.metadata().name(),
                  policy.metadata().creationTimestamp(),
                  policy.spec(),
                  now);
          case ClusterOverridePolicy policy ->
              OverridePolicyColumns.cells(
                  policy.metadata().name(),
                  policy.metadata().creationTimestamp(),
                  policy.spec(),
                  now);
          case FederatedObject kept -> FederatedObjectColumns.cells(kept, now);
          case HealthRule rule -> HealthRuleColumns.cells(rule, now);
          default ->
              Arrays.asList(
                  object.metadata().name(), Age.since(object.metadata().creationTimestamp(), now));
        };
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("cells", cells);
    switch (include) {
      case NONE -> {}
      case METADATA -> row.put("object", partial(object));
      case OBJECT -> row.put("object", object);
    }
    return row;
  }

  /**
   * A Table of {@code objects} of {@code kind}.
   *
   * @param list the list's metadata; null for a single object
   */
  static Map<String, Object> table(
      String kind,
      List<? extends ApiObject<?, ?>> objects,
      ListMeta list,
      Instant now,
      IncludeObject include) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (list != null) {
      if (list.resourceVersion() != null) {
        metadata.put("resourceVersion", list.resourceVersion());
      }
      if (list.continueToken() != null) {
        metadata.put("continue", list.continueToken());
      }
    } else if (objects.size() == 1 && objects.getFirst().metadata().resourceVersion() != null) {
      metadata.put("resourceVersion", objects.getFirst().metadata().resourceVersion());
    }
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("kind", "Table");
    table.put("apiVersion", API_VERSION);
    table.put("metadata", metadata);
    table.put("columnDefinitions", columns(kind));
    table.put("rows", objects.stream().map(object -> row(object, now, include)).toList());
    return table;
  }

  /** The object's metadata alone, as {@code PartialObjectMetadata}. */
  private static Map<String, Object> partial(ApiObject<?, ?> object) {
    Map<String, Object> partial = new LinkedHashMap<>();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", API_VERSION);
    partial.put("metadata", object.metadata());
    return partial;
  }
}
