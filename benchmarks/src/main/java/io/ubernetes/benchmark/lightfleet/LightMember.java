package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.agent.federation.Backoff;
import io.ubernetes.agent.protocol.ClusterFacts;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One member cluster of the light fleet: an agent's conversation with the federation in the member
 * agent's rhythm (join with the join token, then a heartbeat every 10 s, the work feed long-polled
 * at most five times a second, status reports when something changed, at most one a second, and all
 * of them with every heartbeat interval), without a cluster behind it. What it takes from the feed
 * it holds in memory as applied at once; the replicas become ready {@code readyDelay} later. Three
 * virtual threads: heartbeats, the long poll and status reports.
 */
final class LightMember {
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(10);
  private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(200);
  private static final Duration STATUS_DEBOUNCE = Duration.ofSeconds(1);

  private final String name;
  private final ClusterFacts facts;
  private final String joinToken;
  private final String requestId = UUID.randomUUID().toString();
  private final AgentCalls calls;
  private final LightFleet fleet;
  private final long readyDelay;
  private final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
  private final Map<String, AppliedWork> applied = new ConcurrentHashMap<>();
  private final Object changes = new Object();
  private final List<Thread> loops = new ArrayList<>();
  private volatile String credential;
  private volatile long revision;
  private boolean changed;

  LightMember(
      String name,
      ClusterFacts facts,
      String joinToken,
      AgentCalls calls,
      LightFleet fleet,
      Duration readyDelay) {
    this.name = name;
    this.facts = facts;
    this.joinToken = joinToken;
    this.calls = calls;
    this.fleet = fleet;
    this.readyDelay = readyDelay.toNanos();
  }

  String name() {
    return name;
  }

  /** What the member holds: replicas by {@code namespace/name} of the workload. */
  Map<String, Integer> holdings() {
    Map<String, Integer> holdings = new HashMap<>();
    for (AppliedWork work : applied.values()) {
      holdings.put(work.item().namespace() + "/" + work.item().name(), work.replicas());
    }
    return holdings;
  }

  /** Whether the member holds the workload {@code namespace}/{@code name}. */
  boolean holds(String namespace, String name) {
    for (AppliedWork work : applied.values()) {
      if (work.item().name().equals(name) && work.item().namespace().equals(namespace)) {
        return true;
      }
    }
    return false;
  }

  /** Joins, asking again (at the agent's backoff) until the federation admits it. */
  void join() throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        AgentCalls.Answer<JoinResponse> answer =
            calls.join(new JoinRequest(name, joinToken, requestId, facts));
        if (answer.ok() && answer.body().state() == JoinResponse.State.JOINED) {
          credential = answer.body().credential();
          return;
        }
      } catch (IOException e) {
        // Not reachable now: ask again.
      }
      Thread.sleep(backoff.delay(attempt).toMillis());
    }
  }

  /** Starts the heartbeats, the long poll and the status reports. */
  void start() {
    loops.add(Thread.ofVirtual().name(name + "-heartbeat").start(this::heartbeats));
    loops.add(Thread.ofVirtual().name(name + "-work").start(this::poll));
    loops.add(Thread.ofVirtual().name(name + "-status").start(this::reports));
  }

  void stop() {
    loops.forEach(Thread::interrupt);
  }

  private void heartbeats() {
    try {
      long next = System.currentTimeMillis();
      while (true) {
        long wait = next - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        long epoch = fleet.epoch();
        try {
          int status = calls.heartbeat(name, credential, Heartbeats.of(applied.values(), revision));
          if (status / 100 == 2) {
            fleet.heartbeatSent(this, epoch);
          } else if (status == 401) {
            join();
          }
        } catch (IOException e) {
          // The next one goes out on time.
        }
        next = Math.max(next + HEARTBEAT_INTERVAL.toMillis(), System.currentTimeMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void poll() {
    try {
      int attempt = 0;
      long resynced = fleet.epoch();
      long lastPoll = 0;
      while (true) {
        long wait = lastPoll + MIN_POLL_INTERVAL.toMillis() - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        lastPoll = System.currentTimeMillis();
        long epoch = fleet.epoch();
        boolean full = epoch > resynced;
        try {
          AgentCalls.Answer<WorkFeed> answer = calls.work(name, credential, full ? 0 : revision);
          if (answer.ok()) {
            attempt = 0;
            if (full) {
              fleet.resynced(this, epoch, resync(answer.body()));
              resynced = epoch;
            } else {
              take(answer.body());
            }
            continue;
          }
          if (answer.status() == 401) {
            join();
            continue;
          }
        } catch (IOException e) {
          // Unreachable or timed out: back off as the agent does.
        }
        Thread.sleep(backoff.delay(++attempt).toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Takes the changes after {@link #revision}, in the order the federation made them. */
  private void take(WorkFeed feed) {
    long now = System.nanoTime();
    List<Object> changes = new ArrayList<>(feed.items());
    changes.addAll(feed.tombstones());
    changes.sort(
        java.util.Comparator.comparingLong(
            change ->
                change instanceof WorkItem item
                    ? item.revision()
                    : ((Tombstone) change).revision()));
    for (Object change : changes) {
      if (change instanceof WorkItem item) {
        applied.compute(
            item.workloadUid(), (uid, before) -> AppliedWork.of(item, before, now, readyDelay));
        fleet.seen(this, item.namespace() + "/" + item.name(), now);
      } else if (change instanceof Tombstone tombstone) {
        applied.computeIfPresent(
            tombstone.workloadUid(),
            (uid, held) -> held.item().revision() < tombstone.revision() ? null : held);
      }
    }
    revision = feed.revision();
    signal();
  }

  /**
   * Takes a full feed ({@code since=0}) in place of what the member holds; returns how many
   * workloads it held differently from the feed (missing, extra or another replica count).
   */
  private int resync(WorkFeed feed) {
    long now = System.nanoTime();
    Map<String, AppliedWork> current = new LinkedHashMap<>();
    for (WorkItem item : feed.items()) {
      current.put(
          item.workloadUid(),
          AppliedWork.of(item, applied.get(item.workloadUid()), now, readyDelay));
    }
    int differences = 0;
    for (AppliedWork work : current.values()) {
      AppliedWork held = applied.get(work.item().workloadUid());
      if (held == null || held.replicas() != work.replicas()) {
        differences++;
      }
    }
    for (String uid : applied.keySet()) {
      if (!current.containsKey(uid)) {
        differences++;
      }
    }
    applied.keySet().retainAll(current.keySet());
    applied.putAll(current);
    revision = feed.revision();
    signal();
    return differences;
  }

  private void signal() {
    synchronized (changes) {
      changed = true;
      changes.notifyAll();
    }
  }

  /**
   * Reports what changed, then at most once a second, and everything every heartbeat interval; a
   * report that fails is sent again, newest state only.
   */
  private void reports() {
    Map<String, WorkloadReport> sent = new HashMap<>();
    long lastFull = System.nanoTime();
    try {
      while (true) {
        long now = System.nanoTime();
        boolean full = now - lastFull >= HEARTBEAT_INTERVAL.toNanos();
        List<WorkloadReport> batch = new ArrayList<>();
        long nextReady = Long.MAX_VALUE;
        for (AppliedWork work : applied.values()) {
          WorkloadReport report = work.report(now);
          if (full || !report.equals(sent.get(report.workloadUid()))) {
            batch.add(report);
          }
          if (!work.ready(now)) {
            nextReady = Math.min(nextReady, work.readyAt() - now);
          }
        }
        sent.keySet().retainAll(applied.keySet());
        boolean delivered = batch.isEmpty();
        if (!batch.isEmpty()) {
          try {
            int status = calls.status(name, credential, new StatusReport(batch));
            delivered = status / 100 == 2;
          } catch (IOException e) {
            // Sent again with the next report, as it is then.
          }
          if (delivered) {
            batch.forEach(report -> sent.put(report.workloadUid(), report));
          }
        }
        if (full && delivered) {
          lastFull = now;
        }
        Thread.sleep(STATUS_DEBOUNCE.toMillis());
        long untilFull = lastFull + HEARTBEAT_INTERVAL.toNanos() - System.nanoTime();
        long until = Math.min(untilFull, nextReady - STATUS_DEBOUNCE.toNanos());
        synchronized (changes) {
          if (!changed && delivered && until > 0) {
            changes.wait(Math.max(1, until / 1_000_000));
          }
          changed = false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
