package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.federation.quota.FederatedResourceQuota;
import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuotaUse;
import io.ubernetes.federation.quota.MemberQuotaWork;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.workload.ClusterReport;
import io.ubernetes.federation.workload.WorkloadReports;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the native ResourceQuotas of member quotas in the clusters' work: one work item per quota
 * and cluster, keyed by the quota's uid, holding one {@code v1 ResourceQuota} named {@code
 * ubernetes-<quota>} in the quota's namespace. The agents apply it as any work, report on it under
 * the quota's uid, and delete it only on a removal instruction: when the namespace no longer holds
 * replicas there, the member quota is disabled or the quota is deleted.
 *
 * <p>An item's generation counts the versions of its ResourceQuota, so that a member's report tells
 * whether it applied the current one.
 */
@Component
class MemberQuotaPublisher implements MemberQuotaWork, DeletionHook {
  private static final String NO_FEEDBACK = "[]";

  private final WorkStore work;
  private final WorkloadReports reports;
  private final JsonMapper json;
  private final Clock clock;

  MemberQuotaPublisher(WorkStore work, WorkloadReports reports, JsonMapper json, Clock clock) {
    this.work = work;
    this.reports = reports;
    this.json = json;
    this.clock = clock;
  }

  @Override
  public Map<UUID, List<MemberQuotaUse>> publish(List<Desired> quotas, Instant now) {
    if (quotas.isEmpty()) {
      return Map.of();
    }
    work.lock();
    Map<UUID, Map<String, WorkStore.Row>> existing =
        work.of(quotas.stream().map(Desired::quota).toList());
    List<WorkStore.Put> puts = new ArrayList<>();
    List<WorkStore.Removal> removals = new ArrayList<>();
    for (Desired quota : quotas) {
      Map<String, WorkStore.Row> rows = existing.getOrDefault(quota.quota(), Map.of());
      for (Map.Entry<String, Map<String, String>> size : quota.hard().entrySet()) {
        WorkStore.Row before = rows.get(size.getKey());
        if (before != null
            && !before.deleted()
            && json.readTree(before.manifests())
                .equals(manifests(quota, size.getValue(), before.generation()))) {
          continue;
        }
        long generation = before == null ? 1 : before.generation() + 1;
        puts.add(
            new WorkStore.Put(
                size.getKey(),
                quota.quota(),
                quota.namespace(),
                MemberQuotaWork.itemName(quota.name()),
                generation,
                json.writeValueAsString(manifests(quota, size.getValue(), generation)),
                null,
                null,
                false,
                NO_FEEDBACK));
      }
      for (WorkStore.Row row : rows.values()) {
        if (!row.deleted() && !quota.hard().containsKey(row.cluster())) {
          removals.add(new WorkStore.Removal(row.cluster(), quota.quota()));
        }
      }
    }
    work.put(puts, now);
    work.tombstone(removals, now);
    return answers(quotas.stream().map(Desired::quota).toList());
  }

  /**
   * What members say of these quotas' ResourceQuotas: by quota uid, in cluster order, each with the
   * {@code spec.hard} it is to have and whether its member applied that version of it.
   */
  Map<UUID, List<MemberQuotaUse>> answers(Collection<UUID> quotas) {
    Map<UUID, Map<String, ClusterReport>> reported = reports.of(quotas);
    Map<UUID, Map<String, MemberQuotaUse>> byCluster = new LinkedHashMap<>();
    quotas.forEach(uid -> byCluster.put(uid, new TreeMap<>()));
    for (WorkStore.Row row : work.live(quotas)) {
      ClusterReport report = reported.getOrDefault(row.workload(), Map.of()).get(row.cluster());
      byCluster.get(row.workload()).put(row.cluster(), answer(row, report));
    }
    Map<UUID, List<MemberQuotaUse>> answers = new LinkedHashMap<>();
    byCluster.forEach((uid, members) -> answers.put(uid, List.copyOf(members.values())));
    return answers;
  }

  private MemberQuotaUse answer(WorkStore.Row row, ClusterReport report) {
    Map<String, String> hard = new TreeMap<>();
    json.readTree(row.manifests())
        .path(0)
        .path("spec")
        .path("hard")
        .properties()
        .forEach(entry -> hard.put(entry.getKey(), entry.getValue().asString()));
    if (report == null || report.generation() != row.generation()) {
      return new MemberQuotaUse(
          row.cluster(), hard, false, "the member's agent has not reported this version yet");
    }
    if (!report.applied()) {
      return new MemberQuotaUse(
          row.cluster(),
          hard,
          false,
          report.errors().isEmpty()
              ? "the member's agent has not applied it yet"
              : String.join("; ", report.errors()));
    }
    return new MemberQuotaUse(row.cluster(), hard, true, null);
  }

  /** The one object of a quota's work in one cluster, marked as the federation's. */
  private JsonNode manifests(Desired quota, Map<String, String> hard, long generation) {
    ObjectNode manifest = json.createObjectNode();
    manifest.put("apiVersion", "v1");
    manifest.put("kind", "ResourceQuota");
    ObjectNode metadata = manifest.putObject("metadata");
    metadata.put("name", MemberQuotaWork.resourceQuotaName(quota.name()));
    metadata.put("namespace", quota.namespace());
    ObjectNode labels = metadata.putObject("labels");
    labels.put(WireLabels.MANAGED_BY, WireLabels.MANAGER);
    labels.put(
        WireLabels.WORKLOAD,
        WireLabels.workload(quota.namespace(), MemberQuotaWork.itemName(quota.name())));
    metadata.putObject("annotations").put(WireLabels.GENERATION, Long.toString(generation));
    ObjectNode spec = manifest.putObject("spec").putObject("hard");
    new TreeMap<>(hard).forEach(spec::put);
    return json.createArrayNode().add(manifest);
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (!FederatedResourceQuota.KIND.equals(kind)) {
      return;
    }
    work.lock();
    work.tombstoneAll(uid, clock.instant());
  }
}
