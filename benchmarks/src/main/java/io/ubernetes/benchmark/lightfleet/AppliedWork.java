package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One work item as a light member "applied" it: held in memory, its replicas ready {@code readyAt}
 * (a {@link System#nanoTime()}), as a real member's Deployment becomes ready a while after it is
 * applied. Reports itself as the member agent reports a Deployment: applied at once, its replicas
 * updated but not ready, then ready, with each object's health.
 *
 * @param replicas the replicas of its workload objects (Deployments, StatefulSets, ReplicaSets)
 * @param cpuMillis what all its pods request, for the member's heartbeat
 */
record AppliedWork(WorkItem item, int replicas, long cpuMillis, long memoryMiB, long readyAt) {
  private static final Set<String> WITH_REPLICAS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet");

  /**
   * The item taken at {@code now}; ready after {@code readyDelay} nanoseconds, or when it was
   * before if it is the same generation and revision of the workload as {@code before}.
   */
  static AppliedWork of(WorkItem item, AppliedWork before, long now, long readyDelay) {
    int replicas = 0;
    long cpu = 0;
    long memory = 0;
    for (Map<String, Object> manifest : item.manifests()) {
      if (!WITH_REPLICAS.contains(String.valueOf(manifest.get("kind")))) {
        continue;
      }
      int count =
          at(manifest, "spec") instanceof Map<?, ?> spec && spec.get("replicas") instanceof Number n
              ? n.intValue()
              : 1;
      replicas += count;
      for (Object container : list(at(manifest, "spec", "template", "spec", "containers"))) {
        Object requests = at(container, "resources", "requests");
        cpu += count * millicores(requests instanceof Map<?, ?> r ? r.get("cpu") : null);
        memory += count * mebibytes(requests instanceof Map<?, ?> r ? r.get("memory") : null);
      }
    }
    boolean same =
        before != null
            && before.item.generation() == item.generation()
            && java.util.Objects.equals(before.item.workloadRevision(), item.workloadRevision())
            && before.replicas == replicas;
    return new AppliedWork(item, replicas, cpu, memory, same ? before.readyAt : now + readyDelay);
  }

  boolean ready(long now) {
    return now - readyAt >= 0;
  }

  /** What the member agent reports for it at {@code now}. */
  WorkloadReport report(long now) {
    if (item.error() != null) {
      return new WorkloadReport(
          item.workloadUid(),
          item.generation(),
          false,
          0,
          0,
          List.of(item.error()),
          null,
          null,
          null,
          null,
          null,
          null,
          null);
    }
    boolean ready = ready(now);
    List<ObjectStatus> objects = new ArrayList<>();
    for (Map<String, Object> manifest : item.manifests()) {
      objects.add(
          new ObjectStatus(
              String.valueOf(manifest.get("apiVersion")),
              String.valueOf(manifest.get("kind")),
              at(manifest, "metadata", "namespace") instanceof String ns ? ns : null,
              String.valueOf(at(manifest, "metadata", "name")),
              ready ? ObjectStatus.HEALTHY : ObjectStatus.PROGRESSING,
              null,
              null,
              null));
    }
    int readyReplicas = ready ? replicas : 0;
    return new WorkloadReport(
        item.workloadUid(),
        item.generation(),
        true,
        replicas,
        readyReplicas,
        null,
        null,
        replicas,
        readyReplicas,
        null,
        item.workloadRevision(),
        0,
        objects);
  }

  private static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of();
  }

  /** A CPU quantity ({@code 100m}, {@code 2}, {@code 0.5}) in millicores; 0 when absent. */
  static long millicores(Object quantity) {
    if (quantity == null) {
      return 0;
    }
    String text = quantity.toString();
    if (text.endsWith("m")) {
      return Long.parseLong(text.substring(0, text.length() - 1));
    }
    return new BigDecimal(text).movePointRight(3).longValue();
  }

  /** A memory quantity ({@code 128Mi}, {@code 1Gi}, {@code 512M}, bytes) in MiB; 0 when absent. */
  static long mebibytes(Object quantity) {
    if (quantity == null) {
      return 0;
    }
    String text = quantity.toString();
    String[][] units = {
      {"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
      {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}
    };
    for (String[] unit : units) {
      if (text.endsWith(unit[0])) {
        return new BigDecimal(text.substring(0, text.length() - unit[0].length()))
            .multiply(new BigDecimal(unit[1]))
            .divideToIntegralValue(BigDecimal.valueOf(1048576))
            .longValue();
      }
    }
    return new BigDecimal(text).divideToIntegralValue(BigDecimal.valueOf(1048576)).longValue();
  }
}
