package io.ubernetes.federation.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStatus.ResourceAmounts;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.resource.Condition;
import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The service with its scheduler, which the tests run pass by pass ({@link Scheduler#runOnce}) on a
 * clock they move by hand. Clusters report readiness and capacity through the service's own status
 * writes, as agents will. Each test gives its clusters a label of its own and selects them, so that
 * tests sharing the context do not place onto each other's clusters.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "ubernetes.database.embedded.ephemeral=true",
      "server.address=127.0.0.1",
      "ubernetes.scheduler.enabled=false",
      "ubernetes.scheduler.failover-grace-period=60s",
      "ubernetes.agents.join-token=test-join-token",
      ApiClient.ADMIN_TOKEN_PROPERTY,
      "ubernetes.agents.long-poll-timeout=5s",
      // The tests run the failure detector themselves, on their own clock.
      "ubernetes.agents.health-check-interval=1h",
      // DNS on a free port; the tests recompute the directory themselves.
      "ubernetes.dns.enabled=true",
      "ubernetes.dns.port=0",
      "ubernetes.dns.refresh-interval=1h",
      // Longer than the failover's, so that a failover within it can be seen to keep records.
      "ubernetes.dns.grace-period=90s"
    })
@Import(SchedulingIntegrationTest.FixedClock.class)
public abstract class SchedulingIntegrationTest {
  private static final AtomicInteger RUNS = new AtomicInteger();

  @LocalServerPort private int port;
  @Autowired private Scheduler scheduler;
  @Autowired protected SystemWrites writes;
  @Autowired protected MemberClusterStrategy clusters;
  @Autowired private MutableClock clock;
  @Autowired protected DataSource dataSource;

  protected ApiClient api;

  /** This test's own label value, carried by its clusters and required by its workloads. */
  protected String run;

  @TestConfiguration
  static class FixedClock {
    @Bean
    @Primary
    MutableClock testClock() {
      return new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    }
  }

  @BeforeEach
  protected void connect() {
    api = new ApiClient(port);
    run = "run-" + RUNS.incrementAndGet();
  }

  /** A ready cluster of this test with {@code cores} cores, 4 GiB per core, 110 pods. */
  protected String cluster(
      String name, String region, String tier, int cores, double pricePerCore) {
    String body =
        """
        {"metadata": {"name": "%s", "labels": {"test-run": "%s"}},
         "spec": {"region": "%s", "zone": "%s-a", "provider": "test", "tier": "%s",
                  "cost": {"cpuCoreHour": %s, "memoryGiBHour": 0}}}
        """
            .formatted(name, run, region, region, tier, pricePerCore);
    Response created = api.post("/api/v1/clusters", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    report(name, "True", cores);
    return name;
  }

  /** Reports a cluster's Ready condition and capacity, as its agent will. */
  protected void report(String name, String ready, int cores) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    writes.updateStatus(
        clusters,
        null,
        name,
        status -> {
          Condition previous =
              status.conditions().stream()
                  .filter(c -> c.type().equals("Ready"))
                  .findFirst()
                  .orElse(null);
          String since =
              previous != null && previous.status().equals(ready)
                  ? previous.lastTransitionTime()
                  : now.toString();
          return new MemberClusterStatus(
              List.of(new Condition("Ready", ready, "Test", "reported by the test", since, 1L)),
              now.toString(),
              new ResourceAmounts(Integer.toString(cores), cores * 4 + "Gi", "110"),
              new ResourceAmounts("0", "0", "0"),
              "v1.31.2",
              "test",
              null,
              null,
              null);
        });
  }

  /** A Deployment workload of this test: {@code replicas} replicas of 500m cpu and 1 GiB. */
  protected void workload(String namespace, String name, int replicas, String placement) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads",
            workloadBody(name, replicas, placement));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** The body of {@link #workload}: a Deployment of 500m cpu and 1 GiB per replica. */
  protected static String workloadBody(String name, int replicas, String placement) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": %d,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "spec": {"selector": {"matchLabels": {"app": "%s"}},
                                        "template": {"metadata": {"labels": {"app": "%s"}},
                                                     "spec": {"containers": [{"name": "app", "image": "nginx",
                                                              "resources": {"requests": {"cpu": "500m", "memory": "1Gi"}}}]}}}},
                  "placement": %s}}
        """
        .formatted(name, replicas, name, name, placement);
  }

  /** A placement that selects this test's clusters, and more. */
  protected String placement(String more) {
    return "{\"clusterSelector\": {\"matchLabels\": {\"test-run\": \""
        + run
        + "\"}}"
        + (more.isEmpty() ? "" : ", " + more)
        + "}";
  }

  /**
   * Deletes the clusters of this test's run, and with them their work: for tests whose clusters
   * join as agents do, so that later tests' passes do not place on them.
   */
  protected void deleteThisRunsClusters() {
    JsonNode mine = api.get("/api/v1/clusters?labelSelector=test-run%3D" + run).json();
    mine.path("items")
        .forEach(c -> api.delete("/api/v1/clusters/" + c.at("/metadata/name").asString()));
  }

  /** Runs one scheduling pass now. */
  protected int schedule() {
    return scheduler.runOnce();
  }

  /** The committed replicas per cluster of a workload. */
  protected Map<String, Integer> replicas(String namespace, String name) {
    Response placement =
        api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name + "/placement");
    assertThat(placement.status()).as(placement.body()).isEqualTo(200);
    return replicasOf(placement.json());
  }

  /** The replicas per cluster of a placement decision, stored or simulated. */
  protected static Map<String, Integer> replicasOf(JsonNode placement) {
    Map<String, Integer> replicas = new TreeMap<>();
    placement
        .path("replicas")
        .properties()
        .forEach(e -> replicas.put(e.getKey(), e.getValue().asInt()));
    return replicas;
  }

  protected Response workloadStatus(String namespace, String name) {
    return api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name);
  }

  protected Clock clock() {
    return clock;
  }

  /** Moves the service's clock forward. */
  protected void advance(java.time.Duration duration) {
    clock.advance(duration);
  }

  protected int port() {
    return port;
  }

  /** Runs one statement with a uid parameter, in the connection's transaction. */
  protected static void execute(Connection connection, String sql, UUID uid) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, uid);
      statement.execute();
    }
  }

  /** Backends of this database waiting for a lock (seen from a fresh transaction). */
  protected int lockWaiters() throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from pg_stat_activity"
                    + " where wait_event_type = 'Lock' and datname = current_database()");
        ResultSet count = query.executeQuery()) {
      count.next();
      return count.getInt(1);
    }
  }
}
