package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What to run across the federation and where.
 *
 * @param template a native namespaced Kubernetes object (Deployment, StatefulSet, Job, ...), stored
 *     and propagated as given
 * @param resources further native namespaced objects (ConfigMaps, Secrets, Services, ...) that
 *     follow the workload to the same clusters
 * @param replicas the total across the federation ({@code Divided}) or per cluster ({@code
 *     Duplicated})
 * @param overrides per-cluster changes to the template
 * @param rollout how replicas move between clusters when the federation moves them
 * @param revisionHistoryLimit how many revisions of the template, resources and overrides to keep
 * @param rolloutStrategy how a new revision reaches the clusters, stage by stage
 * @param rolloutControl an operator's actions on the running rollout
 * @param autoscaling who sets the replicas in each member; the federation when omitted
 * @param propagateDependencies whether the ConfigMaps, Secrets, ServiceAccount and
 *     PersistentVolumeClaims the pod template refers to follow the workload from the federation's
 *     copies (default true)
 * @param statusFeedback status fields of the workload's objects that the members report back
 */
public record WorkloadSpec(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "a native Kubernetes object",
            example = "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"spec\":{}}")
        JsonNode template,
    List<JsonNode> resources,
    @Schema(defaultValue = "1", minimum = "0") Integer replicas,
    Placement placement,
    List<ClusterOverride> overrides,
    Rollout rollout,
    @Schema(defaultValue = "10", minimum = "1", maximum = "100") Integer revisionHistoryLimit,
    RolloutStrategySpec rolloutStrategy,
    RolloutControl rolloutControl,
    Autoscaling autoscaling,
    @Schema(defaultValue = "true") Boolean propagateDependencies,
    List<StatusFeedback> statusFeedback) {

  public static final int DEFAULT_REVISION_HISTORY_LIMIT = 10;

  public WorkloadSpec {
    resources = resources == null ? List.of() : List.copyOf(resources);
    overrides = overrides == null ? List.of() : List.copyOf(overrides);
    statusFeedback = statusFeedback == null ? List.of() : List.copyOf(statusFeedback);
  }

  /** {@code propagateDependencies}, or its default. */
  public boolean followsDependencies() {
    return propagateDependencies == null || propagateDependencies;
  }

  /** Whether the members' autoscalers own the replicas. */
  public boolean replicasByMembers() {
    return autoscaling != null && autoscaling.byMembers();
  }

  /** {@code revisionHistoryLimit}, or its default. */
  public int revisionsKept() {
    return revisionHistoryLimit == null ? DEFAULT_REVISION_HISTORY_LIMIT : revisionHistoryLimit;
  }

  /**
   * Changes the template in clusters matching {@code clusterSelector}.
   *
   * @param patch RFC 6902 JSON patch operations applied to the template
   */
  public record ClusterOverride(ClusterSelector clusterSelector, List<JsonNode> patch) {
    public ClusterOverride {
      patch = patch == null ? List.of() : List.copyOf(patch);
    }
  }
}
