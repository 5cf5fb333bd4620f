package io.ubernetes.benchmark;

import com.zaxxer.hikari.HikariDataSource;
import io.ubernetes.federation.FederationApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * A bounded load run against the federation service on its embedded PostgreSQL, side by side with
 * raw JDBC on the same database: creates and gets by name through the HTTP API (driven by {@code
 * wrk} with a fixed number of connections), then single-row inserts and selects straight over JDBC,
 * each for the same time.
 *
 * <p>Arguments: {@code --connections=16 --warmup=20 --duration=20} (seconds); any {@code
 * --spring.*}, {@code --server.*} or {@code --ubernetes.*} argument goes to the service.
 */
public final class ApiBenchmark {
  /** The admin token the measured service is configured with. */
  public static final String ADMIN_TOKEN = "ubt_benchmark_benchmark-admin-secret-0123456789";

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
  private static final String SPEC =
      "{\"template\": %s, \"replicas\": 6, \"placement\": %s}".formatted(TEMPLATE, PLACEMENT);
  private static final String BODY =
      ("{\"apiVersion\": \"ubernetes.io/v1\", \"kind\": \"FederatedWorkload\","
              + " \"metadata\": {\"name\": \"%%NAME%%\", \"labels\": %s}, \"spec\": %s}")
          .formatted(LABELS, SPEC);

  /** kubectl's default chunk size. */
  private static final int PAGE = 500;

  private ApiBenchmark() {}

  public static void main(String[] args) throws Exception {
    int connections = intArg(args, "connections", 16);
    Duration warmup = Duration.ofSeconds(intArg(args, "warmup", 20));
    Duration duration = Duration.ofSeconds(intArg(args, "duration", 20));
    int tableWorkloads = intArg(args, "table-workloads", 10_000);
    String kubectl = stringArg(args, "kubectl");
    Wrk.requireInstalled();

    Path work = Files.createTempDirectory("ubernetes-benchmark");
    TableListing.Result table = null;
    try {
      if (kubectl != null) {
        table = listWithKubectl(args, work, Path.of(kubectl), tableWorkloads, connections);
      }
      measure(args, work, connections, warmup, duration, table);
    } finally {
      FileSystemUtils.deleteRecursively(work);
    }
  }

  /**
   * kubectl sends its token only over TLS: a service of its own, with a certificate made for the
   * run, on a database of its own, so that the other runs see neither its workloads nor TLS.
   */
  private static TableListing.Result listWithKubectl(
      String[] args, Path work, Path kubectl, int workloads, int connections) throws Exception {
    Path directory = Files.createDirectories(work.resolve("kubectl"));
    TableListing.Certificate certificate = TableListing.Certificate.create(directory);
    List<String> settings =
        new ArrayList<>(List.of(serviceArgs(args, connections, directory.resolve("postgres"))));
    settings.addAll(certificate.serverSettings());
    System.out.println("Starting a federation service over TLS for kubectl...");
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(settings.toArray(String[]::new))) {
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      System.out.printf(
          "Creating %d workloads in 20 namespaces for kubectl get fw -A...%n", workloads);
      return new TableListing(
              "https://127.0.0.1:" + port, ADMIN_TOKEN, directory, kubectl, certificate)
          .run(workloads, BODY, 5);
    }
  }

  private static void measure(
      String[] args,
      Path work,
      int connections,
      Duration warmup,
      Duration duration,
      TableListing.Result table)
      throws Exception {
    System.out.println("Starting the federation service on an embedded PostgreSQL of its own...");
    Path data = work.resolve("postgres");
    try (ConfigurableApplicationContext service =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(serviceArgs(args, connections, data))) {
      int port = ((WebServerApplicationContext) service).getWebServer().getPort();
      String jdbcUrl = service.getBean(HikariDataSource.class).getJdbcUrl();
      String password = superuserPassword(data);
      Files.writeString(work.resolve("body.json"), BODY);
      Wrk wrk = new Wrk(work, "http://127.0.0.1:" + port, connections);
      List<Measurement> results = new ArrayList<>();

      System.out.printf("Warming up for %d s...%n", 2 * warmup.toSeconds());
      wrk.run("warm-up", "create-workloads.lua", warmup, creating(work, "warmup"));
      writeNames(jdbcUrl, password, "warmup", work.resolve("warmup-names.txt"));
      wrk.run("warm-up", "get-workloads.lua", warmup, getting(work, "warmup"));
      wrk.run("warm-up", "list-workloads.lua", warmup, listing("warmup", false));
      wrk.run("warm-up", "list-workloads.lua", warmup, listing("warmup", true));

      System.out.printf(
          "Measuring, %d s per run, %d concurrent connections...%n",
          duration.toSeconds(), connections);
      results.add(
          wrk.run("API create (POST)", "create-workloads.lua", duration, creating(work, "bench")));
      writeNames(jdbcUrl, password, "bench", work.resolve("bench-names.txt"));
      results.add(
          wrk.run("API get by name (GET)", "get-workloads.lua", duration, getting(work, "bench")));
      results.add(
          wrk.run("API list, 500 a page", "list-workloads.lua", duration, listing("bench", false)));
      results.add(
          wrk.run(
              "API list as Table, 500 a page",
              "list-workloads.lua",
              duration,
              listing("bench", true)));
      try (RawJdbc raw = new RawJdbc(jdbcUrl, "postgres", password, connections)) {
        results.add(raw.inserts("raw JDBC insert, 1 connection", 1, duration, LABELS, SPEC));
        results.add(raw.inserts("raw JDBC insert", connections, duration, LABELS, SPEC));
        results.add(raw.selects(duration));
        results.add(raw.pages("raw JDBC select, 500 a page", PAGE, duration));
      }
      report(results, connections, duration, table);
    }
  }

  private static Map<String, String> creating(Path work, String namespace) {
    return Map.of(
        "BODY_FILE", work.resolve("body.json").toString(), "NAMESPACE", namespace, "PREFIX", "w");
  }

  private static Map<String, String> listing(String namespace, boolean table) {
    return Map.of(
        "LIST_PATH",
        "/apis/ubernetes.io/v1/namespaces/" + namespace + "/federatedworkloads?limit=" + PAGE,
        "ACCEPT",
        table ? "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" : "");
  }

  private static Map<String, String> getting(Path work, String namespace) {
    return Map.of(
        "NAMES_FILE", work.resolve(namespace + "-names.txt").toString(), "NAMESPACE", namespace);
  }

  /** Lists the workloads that exist, so that every GET asks for one. */
  private static void writeNames(String jdbcUrl, String password, String namespace, Path file)
      throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", password);
        PreparedStatement query =
            connection.prepareStatement(
                "select name from resources where kind = 'FederatedWorkload' and namespace = ?")) {
      query.setString(1, namespace);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("no workload was created in " + namespace);
    }
    Files.write(file, names);
  }

  private static void report(
      List<Measurement> results, int connections, Duration duration, TableListing.Result table) {
    System.out.printf(
        Locale.ROOT,
        "%nUbernetes API benchmark: %d cores, Java %s, embedded PostgreSQL 17,"
            + " %d concurrent connections, %d s per run%n%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        connections,
        duration.toSeconds());
    System.out.println(Measurement.header());
    results.forEach(result -> System.out.println(result.row()));

    Measurement creates = results.get(0);
    Measurement gets = results.get(1);
    Measurement lists = results.get(2);
    Measurement tables = results.get(3);
    double serialRatio = creates.perSecond() / results.get(4).perSecond();
    double concurrentRatio = creates.perSecond() / results.get(5).perSecond();
    Measurement selects = results.get(6);
    Measurement rawPages = results.get(7);
    System.out.printf("%nTargets%n");
    target(
        "API creates >= 1000/s",
        creates.perSecond() >= 1000 && creates.errors() == 0,
        String.format(Locale.ROOT, "%.0f/s", creates.perSecond()));
    target(
        "API gets by name >= 3000/s, p99 < 50 ms",
        gets.perSecond() >= 3000 && gets.p99Ms() < 50 && gets.errors() == 0,
        String.format(Locale.ROOT, "%.0f/s, p99 %.2f ms", gets.perSecond(), gets.p99Ms()));
    target(
        "API creates >= 25% of raw single-row inserts",
        serialRatio >= 0.25,
        String.format(Locale.ROOT, "%.0f%% (1 connection)", serialRatio * 100));
    System.out.printf(
        Locale.ROOT,
        "  %-46s %s%n",
        "API creates / raw inserts at equal concurrency",
        String.format(Locale.ROOT, "%.0f%% (%d connections)", concurrentRatio * 100, connections));
    System.out.printf(
        Locale.ROOT,
        "  %-46s %s%n",
        "API gets / raw selects by name",
        String.format(Locale.ROOT, "%.0f%%", 100 * gets.perSecond() / selects.perSecond()));
    System.out.printf(
        Locale.ROOT,
        "  %-46s %s%n",
        "API lists / raw pages of " + PAGE,
        String.format(
            Locale.ROOT,
            "%.0f%% (%.0f objects/s; as Table %.0f objects/s)",
            100 * lists.perSecond() / rawPages.perSecond(),
            lists.perSecond() * PAGE,
            tables.perSecond() * PAGE));
    if (table != null) {
      target(
          "kubectl get fw -A of 10,000 as a Table < 1 s",
          table.workloads() >= 10_000 && table.medianMs() < 1000,
          String.format(Locale.ROOT, "median %.0f ms", table.medianMs()));
      System.out.println();
      System.out.println(table.report());
    } else {
      System.out.println("  (kubectl get fw -A not measured: no --kubectl=<path> given)");
    }
  }

  private static void target(String target, boolean met, String measured) {
    System.out.printf(Locale.ROOT, "  %-46s %-28s %s%n", target, measured, met ? "met" : "NOT MET");
  }

  /**
   * The embedded database's superuser password, from the password file the service keeps in its
   * data directory: the raw JDBC runs create a table of their own, which the service's role may
   * not.
   */
  private static String superuserPassword(Path data) throws IOException {
    for (String line : Files.readAllLines(data.resolve("pgpass"))) {
      String[] fields = line.split(":", 5);
      if (fields.length == 5 && fields[3].equals("postgres")) {
        return fields[4];
      }
    }
    throw new IllegalStateException("no password of postgres in " + data.resolve("pgpass"));
  }

  /** The service's settings; {@code --spring.*}, {@code --server.*}, {@code --ubernetes.*} pass. */
  public static String[] serviceArgs(String[] args, int connections, Path data) {
    List<String> settings =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                // Removed with the benchmark's directory; its superuser's password is in it.
                "--ubernetes.database.embedded.data-directory=" + data,
                "--spring.datasource.hikari.maximum-pool-size=" + Math.max(10, connections),
                "--logging.level.root=warn",
                // The API and its storage are measured here; placement has its own benchmark.
                "--ubernetes.scheduler.enabled=false",
                "--ubernetes.agents.join-token=benchmark-join-token",
                "--ubernetes.security.bootstrap-admin-token=" + ADMIN_TOKEN,
                // The sandbox is on this module's class path (for the fleet benchmark); without
                // this its four simulated clusters and agents would run in the measured process.
                "--spring.main.banner-mode=off"));
    for (String arg : args) {
      if (arg.startsWith("--spring.")
          || arg.startsWith("--ubernetes.")
          || arg.startsWith("--server.")) {
        settings.add(arg);
      }
    }
    return settings.toArray(String[]::new);
  }

  private static String stringArg(String[] args, String name) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return arg.substring(name.length() + 3);
      }
    }
    return null;
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
