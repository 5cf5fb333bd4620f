package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.RolloutStatus;
import io.ubernetes.federation.workload.WorkloadStatus;
import io.ubernetes.federation.workload.WorkloadStatus.ClusterReplicas;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The columns of federated workloads: how many replicas, how many ready, which revision and how its
 * rollout stands, and where.
 */
@Component
final class WorkloadColumns extends KindColumns<FederatedWorkload> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(FederatedWorkload.KIND),
          TableColumn.number(
              "Desired",
              "The replicas the workload asks for (status.desiredReplicas): with"
                  + " spec.autoscaling.mode Member, what the members' autoscalers ask for."),
          TableColumn.text(
              "Ready",
              "Ready replicas of the desired ones, in every cluster (for a template without pods,"
                  + " the clusters' copies applied with no object Degraded or Progressing)."),
          TableColumn.number("Clusters", "The member clusters that run a share of it."),
          TableColumn.text(
              "Revision",
              "The stable workload revision, and the one being rolled out when they differ"
                  + " (status.rollout: 2->3)."),
          TableColumn.text(
              "Rollout", "The rollout's phase, and its stage while it is not complete."),
          TableColumn.wide(
              "Where",
              "Each cluster's share: cluster=replicas (with spec.autoscaling.mode Member, what the"
                  + " cluster's autoscaler runs there once it reported it)."),
          TableColumn.age(),
          TableColumn.wide("Policy", "The placement policy it names (spec.placement.policyRef)."),
          TableColumn.wide("Reason", "Why it is or is not ready (the Ready condition's reason)."));

  WorkloadColumns() {
    super(FederatedWorkload.KIND, FederatedWorkload.class, COLUMNS);
  }

  private static String revision(RolloutStatus rollout) {
    if (rollout == null) {
      return "<none>";
    }
    String stable = rollout.currentRevision() == null ? "<none>" : rollout.currentRevision() + "";
    return rollout.targetRevision() == null
            || rollout.targetRevision().equals(rollout.currentRevision())
        ? stable
        : stable + "->" + rollout.targetRevision();
  }

  @Override
  List<Object> cells(FederatedWorkload workload, Instant now) {
    WorkloadStatus status = workload.status() == null ? WorkloadStatus.NONE : workload.status();
    int desired =
        status.desiredReplicas() != null
            ? status.desiredReplicas()
            : workload.spec() != null && workload.spec().replicas() != null
                ? workload.spec().replicas()
                : 0;
    int ready = status.readyReplicas() == null ? 0 : status.readyReplicas();
    List<ClusterReplicas> shares =
        status.clusters().stream()
            .filter(share -> share.running() > 0)
            .sorted(Comparator.comparing(ClusterReplicas::name))
            .toList();
    String where =
        shares.isEmpty()
            ? "<none>"
            : shares.stream()
                .map(share -> share.name() + "=" + share.running())
                .collect(Collectors.joining(","));
    String policy =
        workload.spec() != null
                && workload.spec().placement() != null
                && workload.spec().placement().policyRef() != null
            ? workload.spec().placement().policyRef()
            : "<none>";
    RolloutStatus rollout = status.rollout();
    Condition readiness = Conditions.find(status.conditions(), "Ready");
    String reason = readiness == null || readiness.reason() == null ? "<none>" : readiness.reason();
    return Arrays.asList(
        workload.metadata().name(),
        desired,
        ready + "/" + desired,
        shares.size(),
        revision(rollout),
        rollout == null
            ? "<none>"
            : RolloutStatus.COMPLETE.equals(rollout.phase()) || rollout.stage() == null
                ? rollout.phase()
                : rollout.phase() + " " + rollout.stage(),
        where,
        Age.since(workload.metadata().creationTimestamp(), now),
        policy,
        reason);
  }
}
