package io.ubernetes.federation.kubernetes;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterSpec;
import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The columns of member clusters: where they are, whether they are ready, what CPU is free. */
@Component
final class ClusterColumns extends KindColumns<MemberCluster> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(MemberCluster.KIND),
          TableColumn.text("Region", "The cluster's region (spec.region)."),
          TableColumn.text("Zone", "The cluster's zone (spec.zone)."),
          TableColumn.text("Tier", "The cluster's tier (spec.tier)."),
          TableColumn.text("Ready", "Whether the cluster takes work (the Ready condition)."),
          TableColumn.text("CPU Free", "Allocatable CPU cores not yet requested."),
          TableColumn.age(),
          TableColumn.wide("Provider", "Who runs the cluster (spec.provider)."),
          TableColumn.wide("Price", "The price of one CPU core for one hour."),
          TableColumn.wide("Agent", "The version of the cluster's member agent."),
          TableColumn.wide("Heartbeat", "How long ago the cluster's agent last reported."));

  ClusterColumns() {
    super(MemberCluster.KIND, MemberCluster.class, COLUMNS);
  }

  @Override
  List<Object> cells(MemberCluster cluster, Instant now) {
    MemberClusterSpec spec = cluster.spec();
    MemberClusterStatus status = cluster.status();
    Condition ready = status == null ? null : Conditions.find(status.conditions(), "Ready");
    return Arrays.asList(
        cluster.metadata().name(),
        orNone(spec == null ? null : spec.region()),
        orNone(spec == null ? null : spec.zone()),
        orNone(spec == null ? null : spec.tier()),
        ready == null || ready.status() == null ? "Unknown" : ready.status(),
        cpuFree(status),
        Age.since(cluster.metadata().creationTimestamp(), now),
        orNone(spec == null ? null : spec.provider()),
        spec == null || spec.cost() == null || spec.cost().cpuCoreHour() == null
            ? "<none>"
            : spec.cost().cpuCoreHour().toPlainString(),
        orNone(status == null ? null : status.agentVersion()),
        status == null || status.lastHeartbeatTime() == null
            ? "<none>"
            : Age.since(status.lastHeartbeatTime(), now));
  }

  private static String cpuFree(MemberClusterStatus status) {
    if (status == null || status.allocatable() == null || status.allocatable().cpu() == null) {
      return "<unknown>";
    }
    try {
      BigDecimal free = cores(status.allocatable().cpu());
      if (status.allocated() != null && status.allocated().cpu() != null) {
        free = free.subtract(cores(status.allocated().cpu()));
      }
      return free.max(BigDecimal.ZERO).stripTrailingZeros().toPlainString();
    } catch (IllegalArgumentException e) {
      return "<unknown>";
    }
  }

  private static BigDecimal cores(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity));
  }

  private static String orNone(String value) {
    return value == null || value.isEmpty() ? "<none>" : value;
  }
}
