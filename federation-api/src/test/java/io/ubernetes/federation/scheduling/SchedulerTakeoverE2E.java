package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.JavaProcess;
import io.ubernetes.federation.testing.ServiceJvms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two service replicas, each a JVM of its own, on one external PostgreSQL, as in production. The
 * active scheduler is killed (SIGKILL), cut off from the database (its session ended there) or
 * frozen (SIGSTOP: a long pause, or a host that no longer answers): the other replica takes over
 * within the bound the lease gives, the old scheduler's late writes are fenced, it rejoins as a
 * standby by itself, and every workload is placed exactly once.
 */
class SchedulerTakeoverE2E {
  /** How often a standby tries to take over (the default, given explicitly). */
  private static final Duration INTERVAL = Duration.ofSeconds(2);

  /** How long the active scheduler's lease lasts unrenewed (the default, given explicitly). */
  private static final Duration LEASE = Duration.ofSeconds(10);

  /** What two JVMs on a loaded two-core machine may add to a bound before the test gives up. */
  private static final Duration SLACK = Duration.ofSeconds(3);

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String JOIN_TOKEN = "test-join-token";
  private static final String NAMESPACE = "shop";
  private static final int REPLICAS = 2;

  @RegisterExtension static final ServiceJvms services = new ServiceJvms("scheduler-takeover");

  /** A service replica: its process, and a client of its API that sends the admin token. */
  private record Replica(String name, JavaProcess process, ApiClient api) {
    boolean holds(Lease lease) {
      return lease.holder().startsWith(process.pid() + "@");
    }
  }

  /** The scheduler lease's row. */
  private record Lease(long epoch, String holder) {}

  @Test
  void aKilledActiveReplicaIsReplacedWithinAnIntervalAndEveryWorkloadIsPlacedOnce()
      throws Exception {
    List<Replica> pair = startPair();
    Replica active = pair.get(0);
    Replica standby = pair.get(1);
    joinClusters(standby.api());
    workload(active.api(), "before-1");
    workload(active.api(), "before-2");
    awaitPlaced(active.api(), "before-1", "before-2");
    Lease before = lease();

    long killed = System.nanoTime();
    active.process().kill();
    workload(standby.api(), "during");

    await().atMost(INTERVAL.plus(SLACK)).until(() -> standby.holds(lease()));
    System.out.printf("SIGKILL: %s took over after %d ms%n", standby.name(), sinceMillis(killed));
    workload(standby.api(), "after");
    awaitPlaced(standby.api(), "during", "after");

    assertThat(lease().epoch()).isEqualTo(before.epoch() + 1);
    assertThat(placedOnce("before-1", "before-2", "during", "after"))
        .containsEntry("before-1", before.epoch())
        .containsEntry("before-2", before.epoch())
        .containsEntry("during", before.epoch() + 1)
        .containsEntry("after", before.epoch() + 1);
  }

  @Test
  void aReplicaCutOffFromTheDatabaseIsFencedAndRejoinsAsAStandby() throws Exception {
    List<Replica> pair = startPair();
    Replica active = pair.get(0);
    Replica standby = pair.get(1);
    joinClusters(standby.api());
    workload(active.api(), "before");
    awaitPlaced(active.api(), "before");
    Lease before = lease();

    try (Connection blocker = connect()) {
      // The active scheduler's next pass is held before it writes, so that it writes late.
      blocker.setAutoCommit(false);
      await()
          .atMost(PATIENCE)
          .pollInterval(Duration.ofMillis(100))
          .until(() -> passHeldBeforeItsWrite(blocker, active));
      workload(standby.api(), "late");

      long cut = System.nanoTime();
      assertThat(endLockSession(active)).isTrue();

      await().atMost(INTERVAL.plus(SLACK)).until(() -> standby.holds(lease()));
      System.out.printf(
          "Session cut: %s took over after %d ms%n", standby.name(), sinceMillis(cut));
      blocker.rollback();
    }
    long superseded = before.epoch() + 1;
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                Files.readString(active.process().log())
                    .contains("epoch " + before.epoch() + " was superseded by " + superseded));
    awaitPlaced(standby.api(), "late");
    assertThat(placedOnce("before", "late"))
        .containsEntry("before", before.epoch())
        .containsEntry("late", superseded);
    assertThat(schedulerActive(active)).isFalse();
    assertThat(lease().epoch()).isEqualTo(superseded);

    // A standby again: when the other goes, it takes over by itself.
    standby.process().close();
    await().atMost(LEASE.plus(INTERVAL).plus(SLACK)).until(() -> active.holds(lease()));
    workload(active.api(), "rejoined");
    awaitPlaced(active.api(), "rejoined");
    assertThat(placedOnce("before", "late", "rejoined")).containsEntry("rejoined", superseded + 1);
  }

  @Test
  void aFrozenActiveReplicaIsReplacedWhenItsLeaseRunsOutAndStandsDownWhenItWakes()
      throws Exception {
    List<Replica> pair = startPair();
    Replica active = pair.get(0);
    Replica standby = pair.get(1);
    joinClusters(standby.api());
    workload(active.api(), "before");
    awaitPlaced(active.api(), "before");
    Lease before = lease();

    long frozen = System.nanoTime();
    active.process().suspend();
    workload(standby.api(), "during");

    await().atMost(LEASE.plus(INTERVAL).plus(SLACK)).until(() -> standby.holds(lease()));
    System.out.printf("SIGSTOP: %s took over after %d ms%n", standby.name(), sinceMillis(frozen));
    awaitPlaced(standby.api(), "during");

    active.process().resume();
    await()
        .atMost(LEASE.plus(SLACK))
        .until(() -> Files.readString(active.process().log()).contains("stands down"));
    assertThat(schedulerActive(active)).isFalse();
    workload(active.api(), "after");
    awaitPlaced(active.api(), "after");
    assertThat(standby.holds(lease())).isTrue();
    assertThat(lease().epoch()).isEqualTo(before.epoch() + 1);
    assertThat(placedOnce("before", "during", "after"))
        .containsEntry("before", before.epoch())
        .containsEntry("during", before.epoch() + 1)
        .containsEntry("after", before.epoch() + 1);
  }

  /** Two replicas started at once; the one whose scheduler is active first. */
  private List<Replica> startPair() throws Exception {
    CompletableFuture<Replica> a = CompletableFuture.supplyAsync(() -> start("replica-a"));
    CompletableFuture<Replica> b = CompletableFuture.supplyAsync(() -> start("replica-b"));
    List<Replica> both = List.of(a.join(), b.join());
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              Lease lease = lease();
              return both.stream().anyMatch(r -> r.holds(lease));
            });
    Lease lease = lease();
    return both.get(0).holds(lease) ? both : List.of(both.get(1), both.get(0));
  }

  private Replica start(String name) {
    int port;
    try {
      port = JavaProcess.freePort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JavaProcess process =
        services.start(
            name,
            port,
            List.of("-Xmx512m", "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1"),
            List.of(
                "--ubernetes.scheduler.interval=" + INTERVAL.toSeconds() + "s",
                "--ubernetes.scheduler.lease-duration=" + LEASE.toSeconds() + "s",
                "--ubernetes.agents.join-token=" + JOIN_TOKEN,
                // The test's clusters heartbeat once: they stay Ready throughout.
                "--ubernetes.agents.heartbeat-timeout=1h"));
    return new Replica(name, process, new ApiClient(port));
  }

  /** Two clusters joined by their agents' calls, ready with room for every workload here. */
  private static void joinClusters(ApiClient api) {
    for (String cluster : List.of("eu-1", "eu-2")) {
      Response joined =
          api.withToken(null)
              .post(
                  "/api/v1/agent/join",
                  """
                  {"cluster": "%s", "joinToken": "%s", "requestId": "join-%s",
                   "facts": {"region": "eu-central", "zone": "eu-central-1a", "provider": "test",
                             "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
                  """
                      .formatted(cluster, JOIN_TOKEN, cluster));
      assertThat(joined.status()).as(joined.body()).isEqualTo(200);
      Response beat =
          api.sendAuthorized(
              "PUT",
              "/api/v1/agent/clusters/" + cluster + "/heartbeat",
              joined.at("/credential"),
              """
              {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"},
               "allocated": {"cpu": "0", "memory": "0", "pods": "0"},
               "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true}
              """);
      assertThat(beat.status()).as(beat.body()).isEqualTo(204);
    }
  }

  private static void workload(ApiClient api, String name) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/workloads",
            """
            {"metadata": {"name": "%s"},
             "spec": {"replicas": %d,
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                            "template": {"metadata": {"labels": {"app": "%s"}},
                                                         "spec": {"containers": [{"name": "app", "image": "nginx",
                                                                  "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}}}}
            """
                .formatted(name, REPLICAS, name, name));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private static void awaitPlaced(ApiClient api, String... names) {
    await()
        .atMost(PATIENCE)
        .until(
            () -> {
              for (String name : names) {
                Response placement =
                    api.get(
                        "/api/v1/namespaces/" + NAMESPACE + "/workloads/" + name + "/placement");
                if (placement.status() != 200 || !"PLACED".equals(placement.at("/outcome"))) {
                  return false;
                }
              }
              return true;
            });
  }

  /**
   * Each workload decided once, with exactly its replicas in the capacity ledger and work for
   * exactly the clusters the ledger names.
   *
   * @return the epoch each workload's decision was written with
   */
  private Map<String, Long> placedOnce(String... names) throws SQLException {
    Map<String, Long> epochs = new TreeMap<>();
    try (Connection connection = connect()) {
      for (String name : names) {
        try (PreparedStatement query =
            connection.prepareStatement(
                """
                select d.epoch,
                       (select count(*) from placement_decisions x where x.workload_uid = w.uid),
                       (select coalesce(sum(l.replicas), 0) from placement_ledger l
                        where l.workload_uid = w.uid),
                       (select coalesce(sum(l.target_replicas), 0) from placement_ledger l
                        where l.workload_uid = w.uid),
                       (select string_agg(l.cluster, ',' order by l.cluster) from placement_ledger l
                        where l.workload_uid = w.uid),
                       (select string_agg(c.cluster, ',' order by c.cluster) from cluster_work c
                        where c.workload_uid = w.uid and not c.deleted)
                from resources w join placement_decisions d on d.workload_uid = w.uid
                where w.kind = 'FederatedWorkload' and w.namespace = ? and w.name = ?
                """)) {
          query.setString(1, NAMESPACE);
          query.setString(2, name);
          try (ResultSet row = query.executeQuery()) {
            assertThat(row.next()).as("a decision on " + name).isTrue();
            assertThat(row.getLong(2)).as("decisions on " + name).isEqualTo(1);
            assertThat(row.getLong(3)).as("replicas committed to " + name).isEqualTo(REPLICAS);
            assertThat(row.getLong(4)).as("replicas wanted for " + name).isEqualTo(REPLICAS);
            assertThat(row.getString(6)).as("work of " + name).isEqualTo(row.getString(5));
            epochs.put(name, row.getLong(1));
          }
        }
      }
    }
    return epochs;
  }

  /**
   * Locks the ledger against the scheduler's reads, once; true when the active replica's pass waits
   * for it before it has checked its epoch (it has not touched the lease yet). A pass caught in the
   * middle of its write is let go, and the next one caught.
   */
  private boolean passHeldBeforeItsWrite(Connection blocker, Replica active) throws SQLException {
    try (Statement statement = blocker.createStatement()) {
      statement.execute("lock table placement_ledger in access exclusive mode");
      try (ResultSet waiting =
          statement.executeQuery(
              """
              select exists (select 1 from pg_locks l
                             where l.pid = a.pid and l.relation = 'scheduler_lease'::regclass)
              from pg_stat_activity a
              where a.datname = current_database() and a.application_name = '%s'
                and a.wait_event_type = 'Lock'
              """
                  .formatted(active.name()))) {
        if (!waiting.next()) {
          return false;
        }
        if (waiting.getBoolean(1)) {
          blocker.rollback();
          return false;
        }
        return true;
      }
    }
  }

  /** Ends the session that holds the active replica's scheduler lock, as a database failover. */
  private boolean endLockSession(Replica active) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet ended =
            statement.executeQuery(
                """
                select pg_terminate_backend(l.pid) from pg_locks l
                join pg_stat_activity a on a.pid = l.pid
                where l.locktype = 'advisory' and l.granted and a.datname = current_database()
                  and a.application_name = '%s'
                """
                    .formatted(active.name()))) {
      return ended.next() && ended.getBoolean(1) && !ended.next();
    }
  }

  /** What the replica's {@code ubernetes_scheduler_active} gauge says. */
  private static boolean schedulerActive(Replica replica) {
    Response metrics = replica.api().get("/actuator/prometheus", "text/plain");
    assertThat(metrics.status()).isEqualTo(200);
    Set<String> values = new TreeSet<>();
    metrics
        .body()
        .lines()
        .filter(line -> line.startsWith("ubernetes_scheduler_active"))
        .forEach(line -> values.add(line.substring(line.lastIndexOf(' ') + 1)));
    assertThat(values).hasSize(1);
    return values.contains("1.0");
  }

  private Lease lease() throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select epoch, holder from scheduler_lease")) {
      return row.next() ? new Lease(row.getLong(1), row.getString(2)) : new Lease(-1, "");
    }
  }

  private Connection connect() throws SQLException {
    return services.connection();
  }

  private static long sinceMillis(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
