package io.ubernetes.federation.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Federation services as JVMs of their own, as operators run them, on one embedded PostgreSQL the
 * test class owns: a fresh database for each test, the services started on it with the test's
 * settings and ready before they are handed over, every one of them stopped by its PID at the end
 * of the test, and the database at the end of the class. Registered as a static extension field:
 * {@code @RegisterExtension static final ServiceJvms services = new ServiceJvms("takeover");}.
 */
public final class ServiceJvms implements BeforeEachCallback, AfterEachCallback, AfterAllCallback {
  public static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final AtomicInteger DATABASES = new AtomicInteger();

  /** This JVM's classpath without the tests' classes: the service runs alone. */
  private static final List<String> SERVICE_CLASSPATH =
      Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
          .filter(entry -> !Path.of(entry).endsWith(Path.of("target", "test-classes")))
          .toList();

  private final String subject;
  private final List<JavaProcess> started = new ArrayList<>();
  private EmbeddedPostgres postgres;
  private String database;
  private Path work;

  /**
   * @param subject names the databases ({@code <subject>_<n>}) and the directory of the services'
   *     logs and data ({@code target/<subject>-e2e/<test method>})
   */
  public ServiceJvms(String subject) {
    this.subject = subject;
  }

  /** A new, empty database for the test's services, on the PostgreSQL started for the first. */
  @Override
  public void beforeEach(ExtensionContext context) throws IOException, SQLException {
    if (postgres == null) {
      postgres =
          EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
    }
    database = subject.replace('-', '_') + "_" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("create database " + database);
    }
    work =
        Path.of("target", subject + "-e2e", context.getRequiredTestMethod().getName())
            .toAbsolutePath();
  }

  /** A connection to the current database, as the services' own user. */
  public Connection connection() throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  /**
   * Starts a service on the current database and waits until it is ready.
   *
   * @param name the process's name: its log is {@code <work>/<name>.log}, and its database sessions
   *     carry it as their application name
   * @param jvmOptions heap and collector
   * @param settings the test's own {@code --ubernetes.*} settings, after the common ones
   */
  public JavaProcess start(String name, int port, List<String> jvmOptions, List<String> settings) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                    + postgres.getPort()
                    + "/"
                    + database
                    + "?ApplicationName="
                    + name,
                "--spring.datasource.username=postgres",
                "--ubernetes.agents.data-directory=" + work.resolve(name),
                "--ubernetes.kubeconfig.enabled=false",
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY,
                "--spring.main.banner-mode=off"));
    args.addAll(settings);
    JavaProcess process;
    try {
      process =
          JavaProcess.start(
              work,
              name,
              List.of(),
              jvmOptions,
              SERVICE_CLASSPATH,
              "io.ubernetes.federation.FederationApplication",
              args);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    synchronized (started) {
      started.add(process);
    }
    try {
      process.awaitHttp(
          URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), PATIENCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "; its log ends with:\n" + tail(process.log()), e);
    }
    return process;
  }

  /** Stops every service the test started, by its PID. */
  @Override
  public void afterEach(ExtensionContext context) {
    synchronized (started) {
      started.forEach(JavaProcess::close);
      started.clear();
    }
  }

  /** Stops the database. */
  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
