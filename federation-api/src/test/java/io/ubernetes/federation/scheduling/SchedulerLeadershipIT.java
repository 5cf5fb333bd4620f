package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStatus.ResourceAmounts;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ServiceReplicas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Service replicas sharing one database: one active scheduler, taken over when it goes. */
class SchedulerLeadershipIT {
  @RegisterExtension final ServiceReplicas replicas = new ServiceReplicas();

  @Test
  void oneSchedulerIsActiveAndAnotherTakesOverWhenItGoes() throws Exception {
    try (ConfigurableApplicationContext first = start("500ms");
        ConfigurableApplicationContext second = start("500ms")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> active(first) || active(second));
      assertThat(active(first) && active(second)).as("never two active schedulers").isFalse();
      ConfigurableApplicationContext leader = active(first) ? first : second;
      ConfigurableApplicationContext standby = leader == first ? second : first;
      long epochBefore = epoch();

      readyCluster(standby, "eu-1");
      workload(client(standby), "before");
      await().atMost(Duration.ofSeconds(20)).until(() -> placed(client(standby), "before"));
      leader.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> active(standby));
      workload(client(standby), "after");

      // The cluster holds 3 pods: the ledger the first scheduler wrote leaves room for one more.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "PARTIAL".equals(outcome(client(standby), "after")));
      assertThat(
              client(standby)
                  .get("/api/v1/namespaces/shop/workloads/after/placement")
                  .at("/replicas/eu-1"))
          .isEqualTo("1");
      assertThat(epoch()).isGreaterThan(epochBefore);
    }
  }

  /**
   * The lease goes from one replica to the other and back: the first, active again, counts what the
   * second placed meanwhile (the cluster holds 5 pods, 4 taken), not what it knew when it stood
   * down.
   */
  @Test
  void aSchedulerThatTakesTheLeaseBackCountsWhatAnotherPlacedMeanwhile() throws Exception {
    try (ConfigurableApplicationContext first = start("500ms");
        ConfigurableApplicationContext second = start("500ms")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> active(first) || active(second));
      ConfigurableApplicationContext leader = active(first) ? first : second;
      ConfigurableApplicationContext standby = leader == first ? second : first;
      readyCluster(leader, "eu-1", "5");
      workload(client(leader), "one");
      await().atMost(Duration.ofSeconds(20)).until(() -> placed(client(leader), "one"));

      leader.getBean(Scheduler.class).stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> active(standby));
      workload(client(standby), "two");
      await().atMost(Duration.ofSeconds(20)).until(() -> placed(client(standby), "two"));
      leader.getBean(Scheduler.class).start();
      standby.getBean(Scheduler.class).stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> active(leader));
      workload(client(leader), "three");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> "PARTIAL".equals(outcome(client(leader), "three")));
      assertThat(
              client(leader)
                  .get("/api/v1/namespaces/shop/workloads/three/placement")
                  .at("/replicas/eu-1"))
          .isEqualTo("1");
      for (String name : List.of("one", "two")) {
        assertThat(
                client(leader)
                    .get("/api/v1/namespaces/shop/workloads/" + name + "/placement")
                    .at("/replicas/eu-1"))
            .as(name)
            .isEqualTo("2");
      }
    }
  }

  @Test
  void anAgentWaitingOnOneReplicaHearsOfWorkWrittenThroughAnother() throws Exception {
    try (ConfigurableApplicationContext first = start("500ms");
        ConfigurableApplicationContext second = start("500ms")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> active(first) || active(second));
      ApiClient writer = client(first);
      ApiClient reader = client(second);
      String credential =
          writer
              .post(
                  "/api/v1/agent/join",
                  "{\"cluster\": \"eu-1\", \"joinToken\": \"test-join-token\", \"requestId\": \"r\","
                      + " \"facts\": {\"region\": \"eu-central\"}}")
              .at("/credential");
      readyCluster(first, "eu-1");
      long latest =
          reader
              .sendAuthorized("GET", "/api/v1/agent/clusters/eu-1/work?since=0", credential, null)
              .json()
              .path("revision")
              .asLong();

      CompletableFuture<ApiClient.Response> waiting =
          CompletableFuture.supplyAsync(
              () ->
                  reader.sendAuthorized(
                      "GET", "/api/v1/agent/clusters/eu-1/work?since=" + latest, credential, null));
      workload(writer, "woken");

      ApiClient.Response woken = waiting.get(30, TimeUnit.SECONDS);
      assertThat(woken.status()).isEqualTo(200);
      assertThat(woken.at("/items/0/name")).isEqualTo("woken");
    }
  }

  @Test
  void placesANewWorkloadAsSoonAsItIsWrittenNotAtTheNextInterval() {
    try (ConfigurableApplicationContext service = start("1h")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> active(service));
      readyCluster(service, "eu-1");
      ApiClient api = client(service);

      workload(api, "prompt");

      await().atMost(Duration.ofSeconds(10)).until(() -> placed(api, "prompt"));
    }
  }

  @Test
  void aSchedulerWhoseEpochWasSupersededCannotWrite() throws Exception {
    try (ConfigurableApplicationContext service = start("1h")) {
      await().atMost(Duration.ofSeconds(20)).until(() -> active(service));
      DecisionWriter writer = service.getBean(DecisionWriter.class);
      long stale = epoch() - 1;

      assertThatThrownBy(
              () ->
                  writer.write(
                      stale,
                      List.of(),
                      Map.of(),
                      Map.of(),
                      false,
                      List.of(),
                      PlacementEvents.Context.NONE,
                      Instant.now()))
          .isInstanceOf(DecisionWriter.FencedOut.class);
    }
  }

  @Test
  void aStandbyEndsTheSessionsOfALeaderWhoseLeaseRanOutAndTakesOver() throws Exception {
    try (ConfigurableApplicationContext service =
            start("1h", "--ubernetes.scheduler.enabled=false");
        Connection lock = replicas.database().getConnection();
        Connection write = replicas.database().getConnection()) {
      SchedulerLeadership standby = service.getBean(SchedulerLeadership.class);
      leaderRenewedAt(lock, "now()");
      assertThat(standby.ensureLeader()).as("a leader that renews its lease").isEqualTo(-1);
      assertThat(lock.isValid(1)).isTrue();

      // Frozen in the middle of a write, its lease run out: both its sessions stay open.
      leaderRenewedAt(lock, "now() - interval '11 seconds'");
      long epochBefore = epoch();
      write.setAutoCommit(false);
      try (Statement statement = write.createStatement()) {
        statement.execute("select epoch from scheduler_lease where id = 1 for share");
      }

      assertThat(standby.ensureLeader()).isEqualTo(epochBefore + 1);
      assertThat(standby.isLeader()).isTrue();
      assertThat(epoch()).isEqualTo(epochBefore + 1);
      assertThat(lock.isValid(1)).as("the frozen leader's lock session").isFalse();
      assertThat(write.isValid(1)).as("the frozen leader's write").isFalse();
    }
  }

  /** Holds the scheduler lock and the lease, as a leader that last renewed it at that time. */
  private static void leaderRenewedAt(Connection lock, String renewedAt) throws Exception {
    try (Statement statement = lock.createStatement()) {
      statement.execute("select pg_advisory_lock(" + 0x7562_6572_6e65_7465L + ")");
      statement.execute(
          "update scheduler_lease set epoch = epoch + 1, holder = 'frozen', renewed_at = "
              + renewedAt);
    }
  }

  private ConfigurableApplicationContext start(String interval, String... more) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "--ubernetes.scheduler.enabled=true",
                "--ubernetes.scheduler.interval=" + interval));
    settings.addAll(List.of(more));
    return replicas.start(settings.toArray(String[]::new));
  }

  private static boolean active(ConfigurableApplicationContext service) {
    return service.isActive() && service.getBean(SchedulerLeadership.class).isLeader();
  }

  private static ApiClient client(ConfigurableApplicationContext service) {
    return ServiceReplicas.api(service);
  }

  private static void readyCluster(ConfigurableApplicationContext service, String name) {
    readyCluster(service, name, "3");
  }

  /** A ready cluster with room for this many pods. */
  private static void readyCluster(
      ConfigurableApplicationContext service, String name, String pods) {
    ApiClient api = client(service);
    if (api.get("/api/v1/clusters/" + name).status() == 404) {
      assertThat(
              api.post(
                      "/api/v1/clusters",
                      "{\"metadata\": {\"name\": \""
                          + name
                          + "\"}, \"spec\": {\"region\": \"eu-central\"}}")
                  .status())
          .isEqualTo(201);
    }
    service
        .getBean(SystemWrites.class)
        .updateStatus(
            service.getBean(MemberClusterStrategy.class),
            null,
            name,
            status ->
                new MemberClusterStatus(
                    List.of(
                        new Condition(
                            "Ready", "True", "Test", "ready", Instant.now().toString(), 1L)),
                    Instant.now().toString(),
                    new ResourceAmounts("32", "128Gi", pods),
                    new ResourceAmounts("0", "0", "0"),
                    "v1.31.2",
                    "test",
                    null,
                    null,
                    null));
  }

  private static void workload(ApiClient api, String name) {
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 2,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "x"}},
                                        "template": {"metadata": {"labels": {"app": "x"}},
                                                     "spec": {"containers": [{"name": "x", "image": "nginx"}]}}}}}}
        """
            .formatted(name);
    assertThat(api.post("/api/v1/namespaces/shop/workloads", body).status()).isEqualTo(201);
  }

  private static boolean placed(ApiClient api, String name) {
    return "PLACED".equals(outcome(api, name));
  }

  private static String outcome(ApiClient api, String name) {
    ApiClient.Response placement =
        api.get("/api/v1/namespaces/shop/workloads/" + name + "/placement");
    return placement.status() == 200 ? placement.at("/outcome") : null;
  }

  private long epoch() throws Exception {
    try (Connection connection = replicas.database().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("select epoch from scheduler_lease where id = 1")) {
      row.next();
      return row.getLong(1);
    }
  }
}
