package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.agent.protocol.ClusterFacts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Light member clusters in this process ({@link LightMember}), all on one HTTP client, and what
 * they observe: when each member first saw each workload in its work feed, and, after a restart of
 * the federation, when each one had its full feed again and heartbeated.
 *
 * <p>The fleet is generated as the sandbox generates one: six regions of three zones, every fourth
 * cluster on-prem, the rest in three clouds, named {@code <provider>-<region>-<NNNN>}.
 */
final class LightFleet implements AutoCloseable {
  private static final String[] REGIONS = {
    "eu-central", "eu-west", "eu-north", "us-east", "us-west", "ap-south"
  };
  private static final String[] CLOUDS = {"aws", "gcp", "azure"};
  private static final int JOINING_AT_ONCE = 32;

  private final AgentCalls calls;
  private final List<LightMember> members = new ArrayList<>();

  /** By workload ({@code namespace/name}): when each member first saw it, by member. */
  private final Map<String, Map<String, Long>> seen = new ConcurrentHashMap<>();

  private final AtomicLong epoch = new AtomicLong();
  private final Map<String, Long> resyncedAt = new ConcurrentHashMap<>();
  private final Map<String, Long> heartbeatAt = new ConcurrentHashMap<>();
  private final AtomicInteger resyncDifferences = new AtomicInteger();

  LightFleet(URI federation, int clusters, String joinToken, Duration readyDelay) {
    this.calls = new AgentCalls(federation);
    for (int i = 0; i < clusters; i++) {
      String region = REGIONS[i % REGIONS.length];
      String zone = region + "-" + (char) ('a' + (i / REGIONS.length) % 3);
      boolean onprem = i % 4 == 0;
      String provider = onprem ? "onprem" : CLOUDS[i % CLOUDS.length];
      String name = String.format(Locale.ROOT, "%s-%s-%04d", provider, region, i);
      ClusterFacts facts =
          new ClusterFacts(
              region,
              zone,
              provider,
              onprem ? "onprem" : "cloud",
              Heartbeats.KUBERNETES_VERSION,
              Heartbeats.AGENT_VERSION);
      members.add(new LightMember(name, facts, joinToken, calls, this, readyDelay));
    }
  }

  List<LightMember> members() {
    return members;
  }

  /** Joins every member, a few at a time, and starts each one's loops once it is admitted. */
  void joinAndStart() throws Exception {
    Semaphore joining = new Semaphore(JOINING_AT_ONCE);
    List<Future<?>> joins = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (LightMember member : members) {
        joining.acquire();
        joins.add(
            threads.submit(
                () -> {
                  try {
                    member.join();
                    member.start();
                  } finally {
                    joining.release();
                  }
                  return null;
                }));
      }
      for (Future<?> join : joins) {
        join.get();
      }
    }
  }

  /** A member took an item of the workload {@code key} from its feed at {@code now}. */
  void seen(LightMember member, String key, long now) {
    seen.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).putIfAbsent(member.name(), now);
  }

  /** When each member first saw the workload {@code namespace/name}, by member; empty if none. */
  Map<String, Long> seen(String key) {
    return seen.getOrDefault(key, Map.of());
  }

  /** How many members hold the workload {@code namespace/name} now. */
  int holding(String key) {
    String namespace = key.substring(0, key.indexOf('/'));
    String name = key.substring(key.indexOf('/') + 1);
    int holding = 0;
    for (LightMember member : members) {
      if (member.holds(namespace, name)) {
        holding++;
      }
    }
    return holding;
  }

  /** How many workloads in namespaces starting with {@code prefix} the members hold, in all. */
  int held(String prefix) {
    int held = 0;
    for (LightMember member : members) {
      for (String key : member.holdings().keySet()) {
        if (key.startsWith(prefix)) {
          held++;
        }
      }
    }
    return held;
  }

  /**
   * The members' resync round now: from now on each member asks once for its full work feed ({@code
   * since=0}) as soon as it reaches the federation, and checks it against what it holds.
   */
  long epoch() {
    return epoch.get();
  }

  void beginResync() {
    resyncedAt.clear();
    heartbeatAt.clear();
    resyncDifferences.set(0);
    epoch.incrementAndGet();
  }

  void resynced(LightMember member, long round, int differences) {
    if (round == epoch.get()) {
      resyncDifferences.addAndGet(differences);
      resyncedAt.putIfAbsent(member.name(), System.nanoTime());
    }
  }

  void heartbeatSent(LightMember member, long round) {
    if (round == epoch.get() && round > 0) {
      heartbeatAt.putIfAbsent(member.name(), System.nanoTime());
    }
  }

  /**
   * When the last member had both its full feed checked and a heartbeat accepted in this round, or
   * -1 while some have not.
   */
  long allResynced() {
    if (resyncedAt.size() < members.size() || heartbeatAt.size() < members.size()) {
      return -1;
    }
    long last = 0;
    for (LightMember member : members) {
      last =
          Math.max(last, Math.max(resyncedAt.get(member.name()), heartbeatAt.get(member.name())));
    }
    return last;
  }

  int resyncedMembers() {
    return resyncedAt.size();
  }

  int resyncDifferences() {
    return resyncDifferences.get();
  }

  @Override
  public void close() {
    members.forEach(LightMember::stop);
    calls.close();
  }
}
