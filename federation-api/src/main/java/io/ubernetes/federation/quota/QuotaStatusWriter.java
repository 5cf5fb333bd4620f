package io.ubernetes.federation.quota;

import io.ubernetes.federation.quota.FederatedResourceQuota.MemberQuotaUse;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.quota.QuotaLedger.StoredQuota;
import io.ubernetes.federation.resource.SystemWrites;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps each quota's status current with the stored decisions: after a scheduling pass, the quotas
 * of the namespaces whose decisions or quotas changed are recounted from the ledger and written in
 * one batch, each only if its status changed. A recount that fails is owed, and made with the next
 * pass's; a scheduler's first pass recounts every quota, so that a restart never leaves one behind.
 *
 * <p>The recount also sizes each quota's member quotas (see {@link MemberQuotaSizes}) and brings
 * them to the members' work in the same transaction, so the ResourceQuotas follow every change of
 * the split, of the quota and of its {@code spec.memberQuota}: a quota written is recounted by the
 * scheduler's next pass.
 */
@Component
public class QuotaStatusWriter {
  private final QuotaLedger ledger;
  private final ClusterSetMembers sets;
  private final SystemWrites writes;
  private final FederatedResourceQuotaStrategy quotas;
  private final MemberQuotaWork memberQuotas;
  private final WorkloadCharges charges;
  private final Clock clock;
  private final Set<String> owed = ConcurrentHashMap.newKeySet();

  QuotaStatusWriter(
      QuotaLedger ledger,
      ClusterSetMembers sets,
      SystemWrites writes,
      FederatedResourceQuotaStrategy quotas,
      MemberQuotaWork memberQuotas,
      WorkloadCharges charges,
      Clock clock) {
    this.memberQuotas = memberQuotas;
    this.charges = charges;
    this.ledger = ledger;
    this.sets = sets;
    this.writes = writes;
    this.quotas = quotas;
    this.clock = clock;
  }

  /**
   * Recounts the quotas of these namespaces, and of those owed from before.
   *
   * @param clusterLabels the labels of every cluster of the fleet, by name
   */
  @Transactional
  public void refresh(Set<String> namespaces, Map<String, Map<String, String>> clusterLabels) {
    owed.addAll(namespaces);
    if (owed.isEmpty()) {
      return;
    }
    Set<String> todo = Set.copyOf(owed);
    List<StoredQuota> read =
        ledger.quotas().stream().filter(q -> todo.contains(q.namespace())).toList();
    // Locked before the work, as a quota's deletion locks it before it removes its work. A quota
    // deleted or changed since it was read is left alone: its deletion removed its work, and its
    // change's new generation makes the next pass recount it.
    Map<UUID, SystemWrites.Locked> locked =
        writes.lockAll(quotas, read.stream().map(StoredQuota::uid).toList());
    List<StoredQuota> stored =
        read.stream()
            .filter(
                q ->
                    locked.containsKey(q.uid())
                        && locked.get(q.uid()).generation() == q.generation())
            .toList();
    if (!stored.isEmpty()) {
      Set<String> limited = new TreeSet<>();
      Set<String> setNames = new TreeSet<>();
      for (StoredQuota quota : stored) {
        limited.add(quota.namespace());
        quota.spec().clusterSets().forEach(s -> setNames.add(s.name()));
      }
      QuotaUsage usage = ledger.usage(limited);
      Map<String, Set<String>> setMembers =
          setNames.isEmpty() ? Map.of() : sets.members(setNames, clusterLabels);
      Instant now = clock.instant();
      // Member quotas leave the members' autoscalers the room their workloads' charges admitted.
      QuotaUsage reach =
          usage.withMemberMaxReplicas(
              charges.memberMaxReplicas(
                  stored.stream()
                      .filter(q -> q.spec().memberQuota() != null)
                      .filter(q -> Boolean.TRUE.equals(q.spec().memberQuota().enabled()))
                      .map(StoredQuota::namespace)
                      .collect(Collectors.toSet())));
      List<MemberQuotaWork.Desired> desired = new ArrayList<>();
      for (StoredQuota quota : stored) {
        desired.add(
            new MemberQuotaWork.Desired(
                quota.uid(), quota.namespace(), quota.name(), MemberQuotaSizes.of(quota, reach)));
      }
      Map<UUID, List<MemberQuotaUse>> answers = memberQuotas.publish(desired, now);
      Map<UUID, UnaryOperator<QuotaStatus>> changes = new HashMap<>();
      for (StoredQuota quota : stored) {
        List<MemberQuotaUse> members = answers.getOrDefault(quota.uid(), List.of());
        changes.put(
            quota.uid(),
            current ->
                QuotaUseStatuses.of(quota, current, usage, setMembers, now)
                    .withMemberQuotas(members));
      }
      writes.updateStatuses(quotas, changes);
    }
    owed.removeAll(todo);
  }

  /**
   * Shows what members now say of quotas' ResourceQuotas, in the caller's transaction.
   *
   * @param answers by quota uid, in cluster order (see {@link MemberQuotaWork#publish})
   */
  @Transactional
  public void answered(Map<UUID, List<MemberQuotaUse>> answers) {
    Map<UUID, UnaryOperator<QuotaStatus>> changes = new HashMap<>();
    answers.forEach(
        (uid, members) -> changes.put(uid, current -> withMemberQuotas(current, members)));
    writes.updateStatuses(quotas, changes);
  }

  private static QuotaStatus withMemberQuotas(QuotaStatus current, List<MemberQuotaUse> members) {
    return current == null
        ? new QuotaStatus(null, null, null, null, null, null, null, members)
        : current.withMemberQuotas(members);
  }
}
