package io.ubernetes.federation.scheduling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ubernetes.federation.quota.QuotaStatusWriter;
import io.ubernetes.federation.resource.ResourceChanged;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduling loop. On the one active instance (see {@link SchedulerLeadership}) it places new
 * and changed workloads as soon as they are written, every workload again when the fleet changes
 * (labels, taints, cordons, readiness, prices, capacity by a twentieth of a cluster), when room
 * opens up in a cluster (a twentieth of it freed), and every {@code rebalanceInterval}; and at the
 * latest every {@code interval}.
 */
@Component
class Scheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
  private static final long DEBOUNCE_MILLIS = 200;

  private final SchedulerLeadership leadership;
  private final FleetLoader fleets;
  private final SchedulingPass pass;
  private final List<AfterPlacement> after;
  private final PlacementRepository repository;
  private final SchedulerProperties properties;
  private final Clock clock;
  private final QuotaStatusWriter quotaStatuses;
  private final TransactionTemplate transactions;
  private final SchedulerState state;
  private final Semaphore wake = new Semaphore(0);
  private final Semaphore stopping = new Semaphore(0);
  private final Timer passes;
  private final Counter changes;
  private final Timer firstPlacement;
  private volatile boolean running;
  private Thread thread;
  private String lastFingerprint;
  private volatile Set<String> moving = Set.of();
  private volatile Set<String> watched = Set.of();
  private volatile Instant wakeAt;
  private volatile boolean backlog;
  private Map<String, Integer> lastUsage = Map.of();
  private Instant nextRebalance = Instant.MIN;

  Scheduler(
      SchedulerLeadership leadership,
      FleetLoader fleets,
      SchedulingPass pass,
      List<AfterPlacement> after,
      PlacementRepository repository,
      SchedulerProperties properties,
      Clock clock,
      TransactionTemplate transactions,
      MeterRegistry meters,
      QuotaStatusWriter quotaStatuses,
      SchedulerState state) {
    this.state = state;
    this.quotaStatuses = quotaStatuses;
    this.leadership = leadership;
    this.fleets = fleets;
    this.pass = pass;
    this.after = List.copyOf(after);
    this.repository = repository;
    this.properties = properties;
    this.clock = clock;
    this.transactions = transactions;
    this.passes =
        Timer.builder("ubernetes.scheduler.pass").description("Scheduling passes").register(meters);
    this.changes =
        Counter.builder("ubernetes.scheduler.decisions.changed")
            .description("Workloads whose placement decision changed")
            .register(meters);
    this.firstPlacement =
        Timer.builder("ubernetes.scheduler.first.placement")
            .description(
                "From a workload's creation to the scheduler's first decision on it committed:"
                    + " its work published to its clusters, or its Scheduled condition False")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofMinutes(5))
            .register(meters);
    Gauge.builder("ubernetes.scheduler.active", leadership, l -> l.isLeader() ? 1 : 0)
        .description("1 on the instance whose scheduler is active")
        .register(meters);
  }

  /**
   * Runs a pass soon after a spec change, and after agents report on a workload whose replicas are
   * moving (the next step of the move may wait for them to be ready) or whose rollout is in
   * progress (a cluster's health decides the next step). Other status changes (heartbeats, reports,
   * its own) wait for the next interval: they arrive all the time, and the fleet's fingerprint
   * tells which matter.
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onChange(ResourceChanged change) {
    if (!change.statusOnly()
        || ((FederatedWorkload.KIND.equals(change.kind())
                || ClusterFederatedWorkload.KIND.equals(change.kind()))
            && (moving.contains(change.namespace() + "/" + change.name())
                || watched.contains(change.namespace() + "/" + change.name())))) {
      wake.release();
    }
  }

  /** Runs one pass now, on this thread; for tests and operators' tools. */
  synchronized int runOnce() {
    backlog = false;
    long epoch = leadership.ensureLeader();
    if (epoch < 0) {
      return 0;
    }
    Instant now = clock.instant();
    Timer.Sample sample = Timer.start();
    try {
      // One transaction, so one connection, for the whole pass: a pass that borrowed one for each
      // read would queue for the pool behind every request the service is answering.
      Outcome outcome = transactions.execute(status -> pass(epoch, now));
      // What the next pass compares with, once this one is committed.
      moving = outcome.result().moving();
      watched = outcome.after().watched();
      wakeAt = outcome.after().wakeAt().orElse(null);
      lastFingerprint = outcome.fleet().fingerprint();
      backlog = outcome.result().more();
      // Usage after the pass's own decisions is measured by the next load.
      lastUsage = outcome.fleet().usage();
      if (outcome.trigger() != SchedulingPass.Trigger.CHANGES) {
        nextRebalance = now.plus(properties.rebalanceInterval());
      }
      changes.increment(outcome.result().changed());
      Instant committed = clock.instant();
      for (Instant created : outcome.result().firstPlaced()) {
        Duration latency = Duration.between(created, committed);
        if (!latency.isNegative()) {
          firstPlacement.record(latency);
        }
      }
      // After the decisions commit, in a transaction of its own: admission locks a namespace's
      // quotas before its workloads, the pass its workloads first.
      Map<String, Map<String, String>> labels = new HashMap<>();
      outcome.fleet().clusters().forEach(c -> labels.put(c.name(), c.labels()));
      quotaStatuses.refresh(outcome.result().quotaNamespaces(), labels);
      return outcome.result().changed();
    } catch (DecisionWriter.FencedOut e) {
      log.warn("Scheduler {} stands down: {}", leadership.holder(), e.getMessage());
      state.invalidate();
      leadership.release();
      return 0;
    } catch (RuntimeException e) {
      // What the pass read or wrote of the scheduler's tables may not be what committed.
      state.invalidate();
      throw e;
    } finally {
      sample.stop(passes);
    }
  }

  private record Outcome(
      Fleet fleet,
      SchedulingPass.Trigger trigger,
      SchedulingPass.Result result,
      AfterPlacement.Outcome after) {}

  private Outcome pass(long epoch, Instant now) {
    // The ledger and decisions as this epoch found them and its passes wrote them; workloads
    // deleted since the last pass are dropped before their room counts as free.
    state.ensure(epoch);
    List<PlacementRepository.Indexed> workloads = repository.workloads();
    state.retain(workloads);
    Fleet fleet = fleets.load(now, state.committed(repository.reportedBeyondLedger()));
    // Room that opens up (a workload deleted or scaled down, a move completed) is worth a
    // rebalance now: bursting workloads start their way back, others may spread out.
    SchedulingPass.Trigger trigger =
        !fleet.fingerprint().equals(lastFingerprint)
            ? SchedulingPass.Trigger.FLEET
            : !now.isBefore(nextRebalance) || Fleet.freed(lastUsage, fleet.usage())
                ? SchedulingPass.Trigger.REBALANCE
                : SchedulingPass.Trigger.CHANGES;
    Set<UUID> toLock = new HashSet<>();
    after.forEach(step -> toLock.addAll(step.toLock()));
    SchedulingPass.Result result =
        pass.run(epoch, fleet, workloads, trigger, properties.rebalanceMaxMoves(), now, toLock);
    return new Outcome(fleet, trigger, result, after(epoch, fleet, toLock, result, now));
  }

  /** The steps after placement, in the pass's transaction, fenced by the same epoch. */
  private AfterPlacement.Outcome after(
      long epoch, Fleet fleet, Set<UUID> toLock, SchedulingPass.Result result, Instant now) {
    Set<UUID> locked = new HashSet<>(toLock);
    locked.addAll(result.decided());
    if (after.isEmpty() || locked.isEmpty()) {
      return AfterPlacement.Outcome.NONE;
    }
    if (!result.wrote()) {
      long current = leadership.currentEpoch();
      if (current != epoch) {
        throw new DecisionWriter.FencedOut(epoch, current);
      }
    }
    Map<String, Map<String, String>> labels = new HashMap<>();
    fleet.clusters().forEach(c -> labels.put(c.name(), c.labels()));
    AfterPlacement.Pass pass =
        new AfterPlacement.Pass(
            epoch,
            Set.copyOf(locked),
            result.wrote(),
            labels,
            fleet.leaving(),
            this::committed,
            now);
    Set<String> watching = new HashSet<>();
    Instant wake = null;
    for (AfterPlacement step : after) {
      AfterPlacement.Outcome outcome = step.after(pass);
      watching.addAll(outcome.watched());
      if (outcome.wakeAt().isPresent() && (wake == null || outcome.wakeAt().get().isBefore(wake))) {
        wake = outcome.wakeAt().get();
      }
    }
    return new AfterPlacement.Outcome(watching, Optional.ofNullable(wake));
  }

  private Map<UUID, Map<String, Integer>> committed(Collection<UUID> workloads) {
    Map<UUID, Map<String, Integer>> committed = new HashMap<>();
    Map<UUID, PlacementRepository.Shares> shares = repository.shares(workloads);
    for (UUID uid : workloads) {
      PlacementRepository.Shares share = shares.get(uid);
      committed.put(uid, share == null ? Map.of() : share.running());
    }
    return committed;
  }

  private void loop() {
    while (running) {
      try {
        runOnce();
      } catch (RuntimeException e) {
        // A pass that fails (the database is away, say) is retried at the next interval.
        log.error("Scheduling pass failed", e);
      }
      if (backlog && running) {
        // Workloads still wait from a burst: no pause before the next pass.
        wake.drainPermits();
        continue;
      }
      try {
        long passEnded = System.nanoTime();
        wake.tryAcquire(untilNextPass(), TimeUnit.MILLISECONDS);
        // A burst of writes makes one pass, not one pass per write.
        long sincePass = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - passEnded);
        if (running && sincePass < DEBOUNCE_MILLIS) {
          Thread.sleep(DEBOUNCE_MILLIS - sincePass);
        }
        wake.drainPermits();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The interval, or less when a step after placement asked to run again sooner. */
  private long untilNextPass() {
    long interval = properties.interval().toMillis();
    Instant at = wakeAt;
    if (at == null) {
      return interval;
    }
    return Math.max(0, Math.min(interval, Duration.between(clock.instant(), at).toMillis()));
  }

  /**
   * Renews the lease every third of its duration, apart from the passes, so that a long pass does
   * not let it run out; and only a frozen or cut-off process does.
   */
  private void renewals() {
    long period = properties.leaseDuration().dividedBy(3).toMillis();
    while (running) {
      try {
        leadership.renew();
      } catch (RuntimeException e) {
        log.error("Renewing the scheduler lease failed", e);
      }
      try {
        if (stopping.tryAcquire(period, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      log.info("Scheduler disabled on this instance (ubernetes.scheduler.enabled=false)");
      return;
    }
    running = true;
    thread = Thread.ofPlatform().name("ubernetes-scheduler").daemon().start(this::loop);
    Thread.ofPlatform().name("ubernetes-scheduler-lease").daemon().start(this::renewals);
  }

  @Override
  public void stop() {
    running = false;
    stopping.release();
    if (thread != null) {
      // Let a pass in progress finish and commit rather than interrupt it mid-transaction.
      wake.release();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leadership.release();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
