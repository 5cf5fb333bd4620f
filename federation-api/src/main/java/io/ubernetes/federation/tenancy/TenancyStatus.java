package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FollowUp;
import io.ubernetes.federation.resource.ResourceChanged;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.tenancy.ClusterSet.ClusterSetStatus;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingStatus;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the status of cluster sets (their clusters, {@code Selected}) and bindings ({@code Bound})
 * current. Only a cluster joining, leaving or relabelled, or a set or binding written, changes
 * them: heartbeats and other status reports do not wake it. Each status is written only when it
 * changes, after the change that asks has committed and without making its caller wait.
 */
@Component
class TenancyStatus {

  /**
   * Taken by every instance's refresh before it reads: refreshes run one at a time across the
   * service's replicas, so none writes what it read before another's newer writing.
   */
  static final String LOCK = "ubernetes.tenancy-status";

  private static final Set<String> KINDS =
      Set.of(MemberCluster.KIND, ClusterSet.KIND, ClusterSetBinding.KIND);

  private final ResourceReader reader;
  private final SystemWrites writes;
  private final MemberClusterStrategy clusters;
  private final ClusterSetStrategy sets;
  private final ClusterSetBindingStrategy bindings;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final JdbcClient jdbc;
  private final FollowUp followUp;

  TenancyStatus(
      ResourceReader reader,
      SystemWrites writes,
      MemberClusterStrategy clusters,
      ClusterSetStrategy sets,
      ClusterSetBindingStrategy bindings,
      Clock clock,
      PlatformTransactionManager transactionManager,
      JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.reader = reader;
    this.writes = writes;
    this.clusters = clusters;
    this.sets = sets;
    this.bindings = bindings;
    this.clock = clock;
    this.transactions = new TransactionTemplate(transactionManager);
    transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    this.followUp =
        new FollowUp(
            "tenancy-status",
            () -> transactions.executeWithoutResult(status -> write(clock.instant())));
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onChange(ResourceChanged change) {
    if (!change.statusOnly() && KINDS.contains(change.kind())) {
      refresh();
    }
  }

  /** What changed while no instance was running is made good at start. */
  @EventListener(ApplicationReadyEvent.class)
  void onStart() {
    refresh();
  }

  /**
   * Asks for the statuses to be written again, once the write that asks has committed, on a thread
   * of their own: the write's caller never waits for it, a burst of changes (clusters joining)
   * makes one or two refreshes, and a refresh that fails is tried again.
   */
  void refresh() {
    followUp.request();
  }

  @PreDestroy
  void stop() {
    followUp.close();
  }

  /** One at a time across instances too (under LOCK): an older reading never overwrites a newer. */
  private void write(Instant now) {
    jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param(LOCK).query(rs -> {});
    Map<String, Map<String, String>> labels = new HashMap<>();
    reader
        .getAll(clusters, reader.versions(clusters).keySet())
        .values()
        .forEach(c -> labels.put(c.metadata().name(), c.metadata().labels()));
    Map<UUID, ClusterSet> allSets = reader.getAll(sets, reader.versions(sets).keySet());
    Map<String, SortedSet<String>> members = new HashMap<>();
    Map<UUID, UnaryOperator<ClusterSetStatus>> setChanges = new HashMap<>();
    allSets.forEach(
        (uid, set) -> {
          SortedSet<String> in =
              set.spec() == null || set.spec().clusterSelector() == null
                  ? new java.util.TreeSet<>()
                  : TenancyRules.members(set.spec().clusterSelector(), labels);
          members.put(set.metadata().name(), in);
          setChanges.put(uid, previous -> setStatus(previous, in, now));
        });
    writes.updateStatuses(sets, setChanges);

    Map<UUID, UnaryOperator<ClusterSetBindingStatus>> bindingChanges = new HashMap<>();
    reader
        .getAll(bindings, reader.versions(bindings).keySet())
        .forEach(
            (uid, binding) -> {
              String set = binding.spec() == null ? null : binding.spec().clusterSet();
              boolean exists = set != null && members.containsKey(set);
              bindingChanges.put(uid, previous -> bindingStatus(previous, set, exists, now));
            });
    writes.updateStatuses(bindings, bindingChanges);
  }

  static ClusterSetStatus setStatus(
      ClusterSetStatus previous, SortedSet<String> members, Instant now) {
    List<Condition> conditions = previous == null ? List.of() : previous.conditions();
    conditions =
        members.isEmpty()
            ? Conditions.set(
                conditions,
                "Selected",
                "False",
                "NoClusters",
                "no member cluster matches the selector",
                null,
                now)
            : Conditions.set(
                conditions,
                "Selected",
                "True",
                "ClustersSelected",
                members.size() + (members.size() == 1 ? " cluster" : " clusters") + " selected",
                null,
                now);
    return new ClusterSetStatus(List.copyOf(members), members.size(), conditions);
  }

  static ClusterSetBindingStatus bindingStatus(
      ClusterSetBindingStatus previous, String set, boolean exists, Instant now) {
    List<Condition> conditions = previous == null ? List.of() : previous.conditions();
    conditions =
        exists
            ? Conditions.set(
                conditions,
                "Bound",
                "True",
                "ClusterSetFound",
                "the namespace may use the clusters of cluster set " + set,
                null,
                now)
            : Conditions.set(
                conditions,
                "Bound",
                "False",
                "ClusterSetNotFound",
                "cluster set "
                    + set
                    + " does not exist: the namespace uses none of its clusters until it does",
                null,
                now);
    return new ClusterSetBindingStatus(conditions);
  }
}
