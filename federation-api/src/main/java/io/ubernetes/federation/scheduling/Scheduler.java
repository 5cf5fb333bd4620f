package io.ubernetes.federation.scheduling;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ubernetes.federation.resource.ResourceChanged;
import io.ubernetes.federation.workload.FederatedWorkload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
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
  private final SchedulerProperties properties;
  private final Clock clock;
  private final TransactionTemplate transactions;
  private final Semaphore wake = new Semaphore(0);
  private final Semaphore stopping = new Semaphore(0);
  private final Timer passes;
  private final Counter changes;
  private final Timer firstPlacement;
  private volatile boolean running;
  private Thread thread;
  private String lastFingerprint;
  private volatile Set<String> moving = Set.of();
  private Map<String, Integer> lastUsage = Map.of();
  private Instant nextRebalance = Instant.MIN;

  Scheduler(
      SchedulerLeadership leadership,
      FleetLoader fleets,
      SchedulingPass pass,
      SchedulerProperties properties,
      Clock clock,
      TransactionTemplate transactions,
      MeterRegistry meters) {
    this.leadership = leadership;
    this.fleets = fleets;
    this.pass = pass;
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
   * moving (the next step of the move may wait for them to be ready). Other status changes
   * (heartbeats, reports, its own) wait for the next interval: they arrive all the time, and the
   * fleet's fingerprint tells which matter.
   */
  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onChange(ResourceChanged change) {
    if (!change.statusOnly()
        || (FederatedWorkload.KIND.equals(change.kind())
            && moving.contains(change.namespace() + "/" + change.name()))) {
      wake.release();
    }
  }

  /** Runs one pass now, on this thread; for tests and operators' tools. */
  synchronized int runOnce() {
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
      lastFingerprint = outcome.fleet().fingerprint();
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
      return outcome.result().changed();
    } catch (DecisionWriter.FencedOut e) {
      log.warn("Scheduler {} stands down: {}", leadership.holder(), e.getMessage());
      leadership.release();
      return 0;
    } finally {
      sample.stop(passes);
    }
  }

  private record Outcome(
      Fleet fleet, SchedulingPass.Trigger trigger, SchedulingPass.Result result) {}

  private Outcome pass(long epoch, Instant now) {
    Fleet fleet = fleets.load(now);
    // Room that opens up (a workload deleted or scaled down, a move completed) is worth a
    // rebalance now: bursting workloads start their way back, others may spread out.
    SchedulingPass.Trigger trigger =
        !fleet.fingerprint().equals(lastFingerprint)
            ? SchedulingPass.Trigger.FLEET
            : !now.isBefore(nextRebalance) || Fleet.freed(lastUsage, fleet.usage())
                ? SchedulingPass.Trigger.REBALANCE
                : SchedulingPass.Trigger.CHANGES;
    return new Outcome(
        fleet, trigger, pass.run(epoch, fleet, trigger, properties.rebalanceMaxMoves(), now));
  }

  private void loop() {
    while (running) {
      try {
        runOnce();
      } catch (RuntimeException e) {
        // A pass that fails (the database is away, say) is retried at the next interval.
        log.error("Scheduling pass failed", e);
      }
      try {
        long passEnded = System.nanoTime();
        wake.tryAcquire(properties.interval().toMillis(), TimeUnit.MILLISECONDS);
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
