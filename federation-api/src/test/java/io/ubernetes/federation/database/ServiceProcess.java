package io.ubernetes.federation.database;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The federation service in a JVM of its own ({@link JavaProcess}), on an embedded data directory,
 * with the settings of the database's tests: the way it runs in production, killed and stopped by
 * its PID.
 */
final class ServiceProcess implements AutoCloseable {
  private final JavaProcess process;
  private final int port;

  private ServiceProcess(JavaProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the service on this embedded data directory, its log and other files in {@code home}.
   */
  static ServiceProcess start(Path home, Path dataDirectory, String name) {
    try {
      int port = JavaProcess.freePort();
      JavaProcess process =
          JavaProcess.start(
              home,
              name,
              List.of(),
              List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
              FederationApplication.class.getName(),
              List.of(
                  "--server.port=" + port,
                  "--server.address=127.0.0.1",
                  "--ubernetes.database.embedded.data-directory=" + dataDirectory,
                  "--ubernetes.agents.data-directory=" + home,
                  "--ubernetes.scheduler.enabled=false",
                  "--ubernetes.agents.join-token=test-join-token",
                  "--" + ApiClient.ADMIN_TOKEN_PROPERTY,
                  "--spring.main.banner-mode=off"));
      return new ServiceProcess(process, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ApiClient api() {
    return new ApiClient(port);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits until the service is ready, failing at once if it exits, with the end of its log. */
  ServiceProcess awaitReady(Duration patience) throws InterruptedException {
    try {
      process.awaitHttp(
          URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"), patience);
    } catch (IOException | IllegalStateException e) {
      throw new AssertionError(e.getMessage() + "; its log ends with:\n" + logTail(), e);
    }
    return this;
  }

  /** SIGKILL: the JVM ends at once, running no shutdown hook. */
  void kill() throws InterruptedException {
    process.kill();
  }

  /** The lines the service logged after the first that contains {@code marker}, if any. */
  List<String> logAfter(String marker) {
    try {
      List<String> lines = Files.readAllLines(process.log());
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          return lines.subList(i + 1, lines.size());
        }
      }
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(process.log());
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** SIGTERM, and waits for the service to stop as it does in production. */
  @Override
  public void close() {
    process.close();
  }
}
