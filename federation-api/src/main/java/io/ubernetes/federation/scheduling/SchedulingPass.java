package io.ubernetes.federation.scheduling;

import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.quota.QuotaBudgets;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.scheduling.PlacementRepository.Shares;
import io.ubernetes.federation.tenancy.TenancyRules;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.TemplateRequests;
import io.ubernetes.federation.workload.WorkloadReports;
import io.ubernetes.placement.Decision;
import io.ubernetes.placement.Fence;
import io.ubernetes.placement.PlacementEngine;
import io.ubernetes.placement.PlacementSpec;
import io.ubernetes.placement.Readiness;
import io.ubernetes.placement.Resources;
import io.ubernetes.placement.Rollout;
import io.ubernetes.placement.Unschedulable;
import io.ubernetes.placement.Workload;
import io.ubernetes.placement.WorkloadKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * One run of the scheduler: places the workloads that need it as one batch over the fleet, keeps
 * replicas on failed or drained clusters when nothing else may take them, takes each move one
 * make-before-break step further, and writes the result.
 */
@Component
class SchedulingPass {
  private static final Logger log = LoggerFactory.getLogger(SchedulingPass.class);

  private final PlacementEngine engine = new PlacementEngine();
  private final PlacementRepository repository;
  private final WorkloadReports reports;
  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final TemplateRequests requests;
  private final DecisionWriter writer;
  private final List<TemplatesInUse> inUse;
  private final Duration unschedulableGrace;
  private final QuotaBudgets quotas;
  private final SchedulerState state;
  private final ReplicaUnits units;
  private final int maxPassSize;

  SchedulingPass(
      PlacementRepository repository,
      WorkloadReports reports,
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      TemplateRequests requests,
      DecisionWriter writer,
      List<TemplatesInUse> inUse,
      SchedulerProperties properties,
      QuotaBudgets quotas,
      SchedulerState state,
      ReplicaUnits units) {
    this.state = state;
    this.units = units;
    this.maxPassSize = properties.maxPassSize();
    this.repository = repository;
    this.reports = reports;
    this.reader = reader;
    this.workloads = workloads;
    this.requests = requests;
    this.writer = writer;
    this.inUse = List.copyOf(inUse);
    this.unschedulableGrace = properties.unschedulableGracePeriod();
    this.quotas = quotas;
  }

  /** Why a pass runs, which decides what it places. */
  enum Trigger {
    /** Workloads were written: place those that need it. */
    CHANGES,
    /** The fleet changed: place every workload. */
    FLEET,
    /** Time to rebalance: place every workload, but move only so many replicas. */
    REBALANCE
  }

  /**
   * What a pass did.
   *
   * @param changed how many workloads' decisions changed
   * @param moving the workloads ({@code namespace/name}) whose replicas are still moving
   * @param firstPlaced when each workload placed for the first time was created
   * @param decided the workloads whose decisions changed
   * @param wrote whether the pass wrote (and so locked the workloads it was asked to)
   * @param quotaNamespaces the namespaces whose quotas' status may have changed: decisions of their
   *     workloads changed, or their quotas did
   * @param more whether workloads that need placing were left for the next pass, this one having
   *     taken as many as a pass takes
   */
  record Result(
      int changed,
      Set<String> moving,
      List<Instant> firstPlaced,
      Set<UUID> decided,
      boolean wrote,
      Set<String> quotaNamespaces,
      boolean more) {
    static final Result NOTHING =
        new Result(0, Set.of(), List.of(), Set.of(), false, Set.of(), false);
  }

  /**
   * @param index every workload, as {@link PlacementRepository#workloads} reads them, in order
   * @param maxMoves for a rebalance, how many replicas may move
   * @param alsoLock workloads to lock with those the pass writes, when it writes any
   */
  Result run(
      long epoch,
      Fleet fleet,
      List<PlacementRepository.Indexed> index,
      Trigger trigger,
      int maxMoves,
      Instant now,
      Set<UUID> alsoLock) {
    Map<String, Map<String, String>> labels = new HashMap<>();
    fleet.clusters().forEach(c -> labels.put(c.name(), c.labels()));
    QuotaBudgets.Plan quota = quotas.plan(labels);
    units.retain(index);
    List<PlacementRepository.Pending> pending =
        trigger == Trigger.CHANGES ? pending(index, now) : List.of();
    // A burst of writes is placed in passes of a bounded size, one right after the other.
    boolean more = pending.size() > maxPassSize;
    List<PlacementRepository.Pending> todo =
        trigger == Trigger.CHANGES
            ? withNamespaces(
                more ? pending.subList(0, maxPassSize) : pending, quota.changed(), index)
            : state.all(index, null);
    if (todo.isEmpty()) {
      return quota.changed().isEmpty()
          ? Result.NOTHING
          : new Result(0, Set.of(), List.of(), Set.of(), false, quota.changed(), false);
    }
    Map<UUID, Long> policyVersions = new HashMap<>();
    todo.forEach(p -> policyVersions.put(p.workload(), p.policyVersion()));
    Map<UUID, PlacementRepository.Indexed> indexed = new HashMap<>();
    for (PlacementRepository.Indexed workload : index) {
      if (policyVersions.containsKey(workload.uid())) {
        indexed.put(workload.uid(), workload);
      }
    }
    Map<UUID, FederatedWorkload> loaded = load(indexed.values());
    ReplicaUnits.Pass counting = units.pass(fleet);
    Map<UUID, Shares> shares = state.shares();
    Map<UUID, PlacementRepository.StoredDecision> stored = state.decisions(policyVersions.keySet());
    Map<UUID, Resources> ledgerUnits = state.units(policyVersions.keySet());
    Map<UUID, List<JsonNode>> olderTemplates = new HashMap<>();
    inUse.forEach(templates -> olderTemplates.putAll(templates.older(loaded.keySet())));
    Map<UUID, Map<String, Unschedulable>> waiting =
        repository.unschedulable(
            policyVersions.keySet(),
            reports.unschedulable(policyVersions.keySet()),
            now,
            unschedulableGrace);
    // Placement works from where workloads are wanted: a move in progress is not a reason to move
    // again, and coupled workloads follow where their partners go.
    Map<WorkloadKey, Map<String, Integer>> existing = new HashMap<>();
    index.forEach(
        workload ->
            existing.put(
                new WorkloadKey(workload.namespace(), workload.name()),
                shares.getOrDefault(workload.uid(), Shares.NONE).target()));

    TenancyRules.Fences fences = fleet.fences();
    Map<WorkloadKey, Fence> fenced = new HashMap<>();
    List<Workload> batch = new ArrayList<>();
    Map<WorkloadKey, UUID> uids = new HashMap<>();
    Map<WorkloadKey, Resources> perReplica = new HashMap<>();
    Map<WorkloadKey, PlacementSpec.Mode> modes = new HashMap<>();
    Map<WorkloadKey, Boolean> spreads = new HashMap<>();
    for (Map.Entry<UUID, FederatedWorkload> entry : loaded.entrySet()) {
      FederatedWorkload workload = entry.getValue();
      Placement placement = workload.spec().placement();
      if (placement != null && placement.policyRef() != null) {
        placement = fleet.policies().get(placement.policyRef());
        if (placement == null) {
          // Refused on write; possible only in the instant of a concurrent change.
          log.warn(
              "Workload {}/{} refers to a missing policy; not placed this time",
              workload.metadata().namespace(),
              workload.metadata().name());
          continue;
        }
      }
      WorkloadKey key =
          new WorkloadKey(workload.metadata().namespace(), workload.metadata().name());
      // As admission charges it: the largest request over the clusters it may land on, overrides
      // applied, so that what is placed never passes a quota for a replica raised somewhere.
      Resources unit = counting.of(indexed.get(entry.getKey()), workload).perReplica();
      // While clusters still run an older revision, each replica counts at the larger request.
      for (JsonNode template : olderTemplates.getOrDefault(entry.getKey(), List.of())) {
        unit = larger(unit, requests.perReplica(template));
      }
      PlacementRepository.StoredDecision previous = stored.get(entry.getKey());
      batch.add(
          new Workload(
              key,
              workload.spec().replicas(),
              unit,
              PlacementInputs.spec(placement),
              shares.getOrDefault(entry.getKey(), Shares.NONE).target(),
              previous == null ? null : previous.scaleBackPendingSince(),
              waiting.getOrDefault(entry.getKey(), Map.of()),
              fences.of(key.namespace())));
      fenced.put(key, batch.getLast().fence());
      uids.put(key, entry.getKey());
      perReplica.put(key, unit);
      modes.put(key, batch.getLast().placement().mode());
      spreads.put(key, !batch.getLast().placement().spread().isEmpty());
    }
    Set<String> namespaces = new HashSet<>();
    uids.keySet().forEach(key -> namespaces.add(key.namespace()));
    List<Decision> decisions =
        engine.placeAll(
            batch,
            fleet.clusters(),
            existing,
            quota.budgets(namespaces, Set.copyOf(uids.values())),
            now,
            Decision.Detail.BRIEF);

    Map<String, Readiness> readiness = fleet.readiness();
    Map<String, String> leaving = fleet.leaving();
    Map<UUID, Map<String, Integer>> ready = reports.readyReplicas(uids.values());
    List<ScheduledWorkload> scheduled = new ArrayList<>();
    for (Decision decision : decisions) {
      UUID uid = uids.get(decision.workload());
      FederatedWorkload workload = loaded.get(uid);
      Shares before = shares.getOrDefault(uid, Shares.NONE);
      List<String> problems = new ArrayList<>(decision.problems());
      boolean duplicated = modes.get(decision.workload()) == PlacementSpec.Mode.DUPLICATED;
      Map<String, Unschedulable> stuck = waiting.getOrDefault(uid, Map.of());
      Map<String, Integer> target =
          keepWhereNothingElseMay(
              decision,
              duplicated,
              before.running(),
              leaving(leaving, stuck),
              fenced.get(decision.workload()),
              problems);
      Rollout.Step step =
          Rollout.step(
              before.running(),
              target,
              ready.getOrDefault(uid, Map.of()),
              readiness,
              PlacementInputs.limits(workload.spec().rollout(), sum(target)));
      scheduled.add(
          new ScheduledWorkload(
              uid,
              workload,
              policyVersions.get(uid),
              perReplica.get(decision.workload()),
              decision,
              new Shares(step.running(), target),
              before,
              List.copyOf(problems),
              step.summary(),
              duplicated ? workload.spec().replicas() * target.size() : workload.spec().replicas(),
              spreads.get(decision.workload()),
              reconsidered(stuck, stored.get(uid)),
              holds(uid, stuck, now),
              ledgerUnits.get(uid)));
    }
    if (trigger == Trigger.REBALANCE) {
      scheduled = withinBudget(scheduled, pending(index, now), maxMoves);
    }
    Set<UUID> handed = new HashSet<>();
    scheduled.forEach(item -> handed.add(item.uid()));
    counting.keep(handed);
    Set<UUID> decided =
        writer.write(
            epoch,
            scheduled,
            stored,
            labels,
            trigger == Trigger.FLEET,
            alsoLock,
            new PlacementEvents.Context(leaving, trigger == Trigger.REBALANCE),
            now);
    List<Instant> firstPlaced = new ArrayList<>();
    for (PlacementRepository.Pending placed : todo) {
      if (placed.createdIfNew() != null && decided.contains(placed.workload())) {
        firstPlaced.add(placed.createdIfNew());
      }
    }
    Set<String> moving = new HashSet<>();
    for (ScheduledWorkload item : scheduled) {
      if (item.shares().moving()) {
        moving.add(
            item.workload().metadata().namespace() + "/" + item.workload().metadata().name());
      }
    }
    Set<String> quotaNamespaces = new HashSet<>(quota.changed());
    // Namespaces without a quota have no status to refresh.
    decided.forEach(
        uid -> {
          String namespace = loaded.get(uid).metadata().namespace();
          if (quota.limits(namespace)) {
            quotaNamespaces.add(namespace);
          }
        });
    return new Result(
        decided.size(),
        Set.copyOf(moving),
        firstPlaced,
        Set.copyOf(decided),
        true,
        Set.copyOf(quotaNamespaces),
        more);
  }

  /**
   * These workloads decoded: those whose revision did not move since an earlier pass decoded them
   * are not read again.
   */
  private Map<UUID, FederatedWorkload> load(Collection<PlacementRepository.Indexed> wanted) {
    Map<UUID, Long> revisions = new HashMap<>();
    for (PlacementRepository.Indexed workload : wanted) {
      revisions.put(workload.uid(), workload.resourceVersion());
    }
    Map<UUID, FederatedWorkload> loaded = new HashMap<>(state.decoded(revisions));
    Set<UUID> stale = new HashSet<>(revisions.keySet());
    stale.removeAll(loaded.keySet());
    if (!stale.isEmpty()) {
      Map<UUID, FederatedWorkload> read = reader.getAll(workloads, stale);
      state.keepDecoded(read);
      loaded.putAll(read);
    }
    return loaded;
  }

  /**
   * The workloads that need placing, and every workload of the namespaces whose quotas changed: a
   * raised quota lets capped workloads grow.
   */
  private List<PlacementRepository.Pending> withNamespaces(
      List<PlacementRepository.Pending> pending,
      Set<String> namespaces,
      List<PlacementRepository.Indexed> index) {
    if (namespaces.isEmpty()) {
      return pending;
    }
    Map<UUID, PlacementRepository.Pending> todo = new LinkedHashMap<>();
    pending.forEach(p -> todo.put(p.workload(), p));
    state.all(index, namespaces).forEach(p -> todo.putIfAbsent(p.workload(), p));
    return List.copyOf(todo.values());
  }

  /**
   * The clusters a workload's replicas are to leave, with where they are: the fleet's failed and
   * drained clusters, and those where its replicas have waited for a node too long.
   */
  private static Map<String, String> leaving(
      Map<String, String> fleet, Map<String, Unschedulable> stuck) {
    if (stuck.isEmpty()) {
      return fleet;
    }
    Map<String, String> leaving = new HashMap<>(fleet);
    stuck.forEach(
        (cluster, waiting) -> {
          if (waiting.overdue()) {
            leaving.putIfAbsent(
                cluster, cluster + ", where no node takes them since " + waiting.since());
          }
        });
    return leaving;
  }

  /**
   * Whether replicas of the workload came to have waited too long for a node after its stored
   * decision was made: the decision is written again, saying so, even if nothing else changed.
   */
  private boolean reconsidered(
      Map<String, Unschedulable> stuck, PlacementRepository.StoredDecision stored) {
    if (stored == null) {
      return false;
    }
    for (Unschedulable waiting : stuck.values()) {
      if (waiting.overdue()
          && stored.decidedAt().isBefore(waiting.since().plus(unschedulableGrace))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Holds back, for a grace period more, the clusters where the workload's replicas wait for a node
   * too long: once moved, they do not come straight back.
   */
  private List<PlacementRepository.Hold> holds(
      UUID uid, Map<String, Unschedulable> stuck, Instant now) {
    List<PlacementRepository.Hold> holds = new ArrayList<>();
    stuck.forEach(
        (cluster, waiting) -> {
          if (waiting.overdue() && waiting.replicas() > 0) {
            holds.add(
                new PlacementRepository.Hold(
                    uid, cluster, waiting.since(), waiting.reason(), now.plus(unschedulableGrace)));
          }
        });
    return holds;
  }

  /** Component-wise the larger of two. */
  private static Resources larger(Resources a, Resources b) {
    return new Resources(
        Math.max(a.cpuMillis(), b.cpuMillis()),
        Math.max(a.memoryBytes(), b.memoryBytes()),
        Math.max(a.pods(), b.pods()));
  }

  private static int sum(Map<String, Integer> replicas) {
    int sum = 0;
    for (int count : replicas.values()) {
      sum += count;
    }
    return sum;
  }

  /**
   * The decisions of a rebalance up to the first that would exceed the budget of moved replicas.
   * Decisions of a batch build on the capacity earlier ones freed, so everything after that point
   * waits for the next rebalance. Workloads that needed placing anyway do not count.
   */
  static List<ScheduledWorkload> withinBudget(
      List<ScheduledWorkload> scheduled, List<PlacementRepository.Pending> pending, int maxMoves) {
    Set<UUID> needed = new HashSet<>();
    pending.forEach(p -> needed.add(p.workload()));
    int budget = maxMoves;
    for (int i = 0; i < scheduled.size(); i++) {
      ScheduledWorkload item = scheduled.get(i);
      int moves =
          needed.contains(item.uid()) ? 0 : moved(item.previous().target(), item.shares().target());
      if (moves > budget) {
        log.info(
            "Rebalance moves {} replicas and stops at workload {}: the rest wait for the next"
                + " rebalance",
            maxMoves - budget,
            item.uid());
        return scheduled.subList(0, i);
      }
      budget -= moves;
    }
    return scheduled;
  }

  /** How many replicas change cluster between two placements. */
  static int moved(Map<String, Integer> before, Map<String, Integer> after) {
    int added = 0;
    for (Map.Entry<String, Integer> entry : after.entrySet()) {
      added += Math.max(0, entry.getValue() - before.getOrDefault(entry.getKey(), 0));
    }
    return added;
  }

  /**
   * Hard rules stay hard: when the decision cannot place every replica, replicas that ran on
   * clusters they are to leave (failed, or being drained) stay wanted there rather than go nowhere,
   * until a permitted cluster can take them. Not when a quota stopped the decision: the replicas
   * the quota leaves no room for go nowhere.
   *
   * @param running replicas per cluster that clusters were told to run
   * @param leaving clusters whose replicas are to go elsewhere, with where they are (e.g. {@code
   *     failed cluster fra})
   * @param fence the clusters the workload may use at all; null for every cluster. Replicas are
   *     never kept outside it: a namespace that lost a cluster loses it for good
   * @return replicas per cluster to want
   */
  static Map<String, Integer> keepWhereNothingElseMay(
      Decision decision,
      boolean duplicated,
      Map<String, Integer> running,
      Map<String, String> leaving,
      Fence fence,
      List<String> problems) {
    Map<String, Integer> target = new TreeMap<>(decision.replicas());
    if (!decision.quotaReached().isEmpty()) {
      // A quota, not the fleet, stops the rest: kept there, they would run beyond it.
      return target;
    }
    // Duplicated: every cluster runs all replicas; keep the ones leaving only if none is left.
    int shortfall =
        duplicated
            ? (decision.replicas().isEmpty() ? Integer.MAX_VALUE : 0)
            : decision.requestedReplicas() - decision.placedReplicas();
    if (shortfall <= 0) {
      return target;
    }
    for (Map.Entry<String, Integer> ran : new TreeMap<>(running).entrySet()) {
      if (shortfall <= 0) {
        break;
      }
      String where = leaving.get(ran.getKey());
      if (where == null || (fence != null && !fence.clusters().contains(ran.getKey()))) {
        continue;
      }
      int kept = Math.min(ran.getValue() - target.getOrDefault(ran.getKey(), 0), shortfall);
      if (kept > 0) {
        target.merge(ran.getKey(), kept, Integer::sum);
        shortfall -= kept;
        problems.add(
            "keeps "
                + kept
                + (kept == 1 ? " replica" : " replicas")
                + " on "
                + where
                + ": no permitted cluster can take "
                + (kept == 1 ? "it" : "them"));
      }
    }
    return target;
  }

  /** As {@link #keepWhereNothingElseMay(Decision, boolean, Map, Map, Fence, List)}, unfenced. */
  static Map<String, Integer> keepWhereNothingElseMay(
      Decision decision,
      boolean duplicated,
      Map<String, Integer> running,
      Map<String, String> leaving,
      List<String> problems) {
    return keepWhereNothingElseMay(decision, duplicated, running, leaving, null, problems);
  }

  /** The workloads that need placing (see {@link SchedulerState#pending}). */
  private List<PlacementRepository.Pending> pending(
      List<PlacementRepository.Indexed> index, Instant now) {
    return state.pending(
        index,
        unschedulableGrace,
        reports.waitingSince(now.minus(unschedulableGrace)),
        units::revised);
  }
}
