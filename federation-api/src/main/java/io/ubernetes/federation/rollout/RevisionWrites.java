package io.ubernetes.federation.rollout;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.WriteHook;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.RolloutControl;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a workload's revisions in the transaction of the write that changes its content, so that a
 * revision exists exactly when the generation that made it does, and a dry run leaves none. A write
 * that sets {@code spec.rolloutControl.rollbackTo} stores that kept revision's content instead of
 * its own and drops the field: the rollback is a new revision like any other change.
 */
@Component
class RevisionWrites implements WriteHook {
  static final String ROLLBACK_FIELD = "spec.rolloutControl.rollbackTo";

  private final WorkloadRevisions revisions;
  private final JsonMapper json;

  RevisionWrites(WorkloadRevisions revisions, JsonMapper json) {
    this.revisions = revisions;
    this.json = json;
  }

  @Override
  public Object admitted(String kind, String name, UUID uid, Object spec) {
    if (!FederatedWorkload.isWorkload(kind)
        || !(spec instanceof WorkloadSpec workload)
        || rollbackTo(workload) == null) {
      return spec;
    }
    int revision = rollbackTo(workload);
    JsonNode content = (uid == null ? null : revisions.content(uid, revision).orElse(null));
    if (content == null) {
      List<Integer> kept = uid == null ? List.of() : revisions.kept(uid);
      throw ApiException.invalid(
          kind,
          name,
          List.of(
              new FieldError(
                  ROLLBACK_FIELD,
                  "revision "
                      + revision
                      + " is not kept; kept: "
                      + (kept.isEmpty()
                          ? "none"
                          : kept.stream()
                              .map(String::valueOf)
                              .collect(Collectors.joining(", "))))));
    }
    List<JsonNode> resources = new ArrayList<>();
    content.path("resources").forEach(resources::add);
    List<ClusterOverride> overrides = new ArrayList<>();
    content
        .path("overrides")
        .forEach(override -> overrides.add(json.treeToValue(override, ClusterOverride.class)));
    return new WorkloadSpec(
        content.path("template").deepCopy(),
        resources,
        workload.replicas(),
        workload.placement(),
        overrides,
        workload.rollout(),
        workload.revisionHistoryLimit(),
        workload.rolloutStrategy(),
        withoutRollback(workload.rolloutControl()),
        workload.autoscaling(),
        workload.propagateDependencies(),
        workload.statusFeedback());
  }

  @Override
  public void written(Written write) {
    if (!FederatedWorkload.isWorkload(write.kind())) {
      return;
    }
    RevisionSource.Subject subject =
        new RevisionSource.Subject(
            write.uid(), write.namespace(), write.name(), labels(write.labels()));
    if (write.before() != null
        && revisions.newest(write.uid()).isEmpty()
        && write.before().get() instanceof WorkloadSpec before) {
      // Created before revisions were kept: what it ran until now is its first revision.
      revisions.record(subject, write.generation() - 1, before, List.of());
    }
    Integer rollback = write.sent() instanceof WorkloadSpec sent ? rollbackTo(sent) : null;
    revisions.record(
        subject,
        write.generation(),
        (WorkloadSpec) write.stored(),
        rollback == null ? List.of() : List.of("rollback to revision " + rollback));
  }

  private Map<String, String> labels(String labels) {
    return labels == null || labels.isBlank()
        ? Map.of()
        : json.readValue(labels, new TypeReference<Map<String, String>>() {});
  }

  private static Integer rollbackTo(WorkloadSpec spec) {
    return spec.rolloutControl() == null ? null : spec.rolloutControl().rollbackTo();
  }

  /** The controls without the rollback, which is done once written; null when none is left. */
  private static RolloutControl withoutRollback(RolloutControl control) {
    if (control.paused() == null && control.approve() == null && control.abort() == null) {
      return null;
    }
    return new RolloutControl(control.paused(), control.approve(), control.abort(), null);
  }
}
