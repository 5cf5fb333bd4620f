package io.ubernetes.benchmark;

import com.zaxxer.hikari.HikariDataSource;
import io.ubernetes.FederationApplication;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A bounded load run against the federation service on its embedded PostgreSQL, side by side with
 * raw JDBC on the same database: creates and gets by name through the HTTP API, single-row inserts
 * and selects straight over JDBC, each for the same time with the same concurrency.
 *
 * <p>Arguments: {@code --threads=16 --warmup=5 --duration=15} (seconds).
 */
public final class ApiBenchmark {
  private static final String TEMPLATE =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "metadata": {"labels": {"app": "web", "tier": "frontend"}},
       "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                      "ports": [{"containerPort": 8080}],
                                      "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                                    "limits": {"cpu": "1", "memory": "512Mi"}}}]}}}}
      """;
  private static final String PLACEMENT =
      """
      {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
                                                 "operator": "In", "values": ["eu-central", "eu-west"]}]},
       "preferences": [{"weight": 50, "selector": {"matchLabels": {"ubernetes.io/tier": "onprem"}}}],
       "spread": [{"topologyKey": "topology.kubernetes.io/zone", "minGroups": 2}]}
      """;
  private static final String LABELS = "{\"app\": \"web\", \"team\": \"shop\"}";

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int threads = intArg(args, "threads", 16);
    Duration warmup = Duration.ofSeconds(intArg(args, "warmup", 5));
    Duration duration = Duration.ofSeconds(intArg(args, "duration", 15));

    System.out.printf("Starting the federation service on an ephemeral embedded PostgreSQL...%n");
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(FederationApplication.class).run(serviceArgs(args, threads))) {
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      String jdbcUrl = service.getBean(HikariDataSource.class).getJdbcUrl();
      try (Api api = new Api(port, threads)) {
        measure(api, jdbcUrl, threads, warmup, duration);
      }
    }
  }

  private static void measure(
      Api api, String jdbcUrl, int threads, Duration warmup, Duration duration) throws Exception {
    System.out.printf("Warming up for %d s...%n", 2 * warmup.toSeconds());
    LoadRun.run("warm-up", threads, warmup, (w, s) -> api.create(w, "warmup", RawJdbc.name(w, s)));
    LoadRun.run("warm-up", threads, warmup, (w, s) -> api.get(w, "warmup", RawJdbc.name(w, 0)));

    System.out.printf(
        "Measuring, %d s per run, %d concurrent clients...%n", duration.toSeconds(), threads);
    LoadRun.Result creates =
        LoadRun.run(
            "API create (POST)",
            threads,
            duration,
            (w, s) -> api.create(w, "bench", RawJdbc.name(w, s)));
    List<String> created = names(jdbcUrl, "resources", "bench");
    LoadRun.Result gets =
        LoadRun.run(
            "API get by name (GET)",
            threads,
            duration,
            (w, s) ->
                api.get(
                    w, "bench", created.get(ThreadLocalRandom.current().nextInt(created.size()))));
    LoadRun.Result serialInserts;
    LoadRun.Result concurrentInserts;
    LoadRun.Result selects;
    try (RawJdbc raw = new RawJdbc(jdbcUrl, "postgres", threads)) {
      serialInserts = raw.inserts("raw JDBC insert, 1 conn", 1, duration, LABELS, SPEC);
      concurrentInserts = raw.inserts("raw JDBC insert", threads, duration, LABELS, SPEC);
      selects = raw.selects(duration, names(jdbcUrl, "raw_resources", "raw"));
    }
    report(List.of(creates, gets, serialInserts, concurrentInserts, selects), threads, duration);
  }

  /** The service's HTTP API, as a client sees it: one persistent connection per worker. */
  private static final class Api implements AutoCloseable {
    private final HttpConnection[] connections;

    Api(int port, int workers) {
      connections = new HttpConnection[workers];
      for (int i = 0; i < workers; i++) {
        connections[i] = new HttpConnection("127.0.0.1", port);
      }
    }

    boolean create(int worker, String namespace, String name) throws Exception {
      String body =
          "{\"apiVersion\": \"ubernetes.io/v1\", \"kind\": \"FederatedWorkload\", \"metadata\": {\"name\": \"%s\", \"labels\": %s}, \"spec\": %s}"
              .formatted(name, LABELS, SPEC);
      return connections[worker].exchange(
              "POST",
              "/api/v1/namespaces/" + namespace + "/workloads",
              "application/json",
              body.getBytes(StandardCharsets.UTF_8))
          == 201;
    }

    boolean get(int worker, String namespace, String name) throws Exception {
      return connections[worker].exchange(
              "GET", "/api/v1/namespaces/" + namespace + "/workloads/" + name, null, null)
          == 200;
    }

    @Override
    public void close() throws Exception {
      for (HttpConnection connection : connections) {
        connection.close();
      }
    }
  }

  private static final String SPEC =
      "{\"template\": %s, \"replicas\": 6, \"placement\": %s}".formatted(TEMPLATE, PLACEMENT);

  private static List<String> names(String jdbcUrl, String table, String namespace)
      throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select name from " + table + " where namespace = '" + namespace + "'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("nothing was created in " + table + "; see the errors above");
    }
    return names;
  }

  private static void report(List<LoadRun.Result> results, int threads, Duration duration) {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "%nUbernetes API benchmark: %d cores, Java %s, embedded PostgreSQL 17, %d client threads, %d s per run%n%n",
        runtime.availableProcessors(),
        Runtime.version(),
        threads,
        duration.toSeconds());
    System.out.printf(
        Locale.ROOT,
        "%-26s %10s %10s %9s %9s %10s %8s%n",
        "",
        "ops",
        "ops/s",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "errors");
    for (LoadRun.Result r : results) {
      System.out.printf(
          Locale.ROOT,
          "%-26s %10d %10.0f %9.2f %9.2f %10.2f %8d%n",
          r.name(),
          r.operations(),
          r.perSecond(),
          r.percentileMillis(50),
          r.percentileMillis(99),
          r.percentileMillis(99.9),
          r.errors());
    }
    LoadRun.Result creates = results.get(0);
    LoadRun.Result gets = results.get(1);
    double serialRatio = creates.perSecond() / results.get(2).perSecond();
    double concurrentRatio = creates.perSecond() / results.get(3).perSecond();
    System.out.printf(Locale.ROOT, "%nTargets%n");
    target(
        "API creates >= 1000/s",
        creates.perSecond() >= 1000 && creates.errors() == 0,
        String.format(Locale.ROOT, "%.0f/s", creates.perSecond()));
    target(
        "API gets by name >= 3000/s, p99 < 50 ms",
        gets.perSecond() >= 3000 && gets.percentileMillis(99) < 50 && gets.errors() == 0,
        String.format(
            Locale.ROOT, "%.0f/s, p99 %.2f ms", gets.perSecond(), gets.percentileMillis(99)));
    target(
        "API creates >= 25% of raw single-row inserts",
        serialRatio >= 0.25, String.format(Locale.ROOT, "%.0f%% (1 conn)", serialRatio * 100));
    System.out.printf(
        Locale.ROOT,
        "  %-44s %-26s%n",
        "API creates / raw inserts, same concurrency",
        String.format(Locale.ROOT, "%.0f%% (%d conns)", concurrentRatio * 100, threads));
  }

  private static void target(String target, boolean met, String measured) {
    System.out.printf(Locale.ROOT, "  %-44s %-26s %s%n", target, measured, met ? "met" : "NOT MET");
  }

  /**
   * The service's settings; any {@code --spring...} or {@code --ubernetes...} argument is passed
   * on.
   */
  private static String[] serviceArgs(String[] args, int threads) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, threads),
                "--logging.level.root=warn"));
    for (String arg : args) {
      if (arg.startsWith("--spring.")
          || arg.startsWith("--ubernetes.")
          || arg.startsWith("--server.")) {
        settings.add(arg);
      }
    }
    return settings.toArray(String[]::new);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return Integer.parseInt(arg.substring(name.length() + 3));
      }
    }
    return fallback;
  }
}
