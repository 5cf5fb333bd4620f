package io.ubernetes.benchmark;

import io.ubernetes.federation.testing.JavaProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The federation service as a process of its own, as the fleet benchmarks run it: production JVM
 * settings, its embedded PostgreSQL in {@code <work>/postgres} (kept across restarts of this
 * process, so that a restart starts on the same database), logging at WARN, bound to 127.0.0.1,
 * optionally pinned to CPUs with {@code taskset} (its PostgreSQL inherits them) and recorded with
 * JFR.
 *
 * @param work the benchmark's working directory: the service's log, database and files go there
 * @param port the port it listens on, the same for every start
 * @param jvm the JVM options it runs with
 * @param profile whether to record it with JFR into {@code <work>/<name>.jfr}
 * @param launcher what execs the JVM ({@link #launcher})
 */
public record FederationProcess(
    Path work,
    int port,
    List<String> jvm,
    boolean profile,
    List<String> launcher,
    String joinToken,
    String adminToken) {
  /** The service's JVM options in production: a 1 GiB heap and the parallel collector. */
  public static final List<String> PRODUCTION_JVM = List.of("-Xmx1g", "-XX:+UseParallelGC");

  public FederationProcess {
    jvm = List.copyOf(jvm);
    launcher = List.copyOf(launcher);
  }

  /**
   * The settings of a benchmark's federation on a fresh database: any PostgreSQL data left in
   * {@code work} by an earlier run is deleted.
   *
   * @param profile whether to record the federation with JFR into {@code work/federation.jfr}
   *     ({@code federation-restarted.jfr} after a restart)
   * @param cpus CPUs for {@code taskset -c}; empty for all
   */
  public static FederationProcess fresh(
      Path work, boolean profile, int niceness, String cpus, String joinToken, String adminToken)
      throws IOException {
    Arguments.deleteRecursively(work.resolve("postgres"));
    return new FederationProcess(
        work,
        JavaProcess.freePort(),
        PRODUCTION_JVM,
        profile,
        launcher(niceness, cpus),
        joinToken,
        adminToken);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path postgresData() {
    return work.resolve("postgres");
  }

  /** Starts the service, logging to {@code federation.log}; {@link #awaitReady} waits. */
  public JavaProcess start() throws IOException {
    return start("federation");
  }

  /** Starts the service, logging to {@code <name>.log}: a restart keeps the first one's log. */
  public JavaProcess start(String name) throws IOException {
    List<String> options = new ArrayList<>(jvm);
    if (profile) {
      options.addAll(recording(work.resolve(name + ".jfr")));
    }
    return JavaProcess.start(
        work,
        name,
        launcher,
        options,
        "io.ubernetes.federation.FederationApplication",
        List.of(
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--ubernetes.database.embedded.data-directory=" + postgresData(),
            "--ubernetes.agents.data-directory=" + work.resolve("data"),
            "--ubernetes.agents.join-token=" + joinToken,
            "--ubernetes.security.bootstrap-admin-token=" + adminToken,
            "--logging.level.root=warn",
            "--spring.main.banner-mode=off"));
  }

  /**
   * Stops a service started by {@link #start}. A recording is saved first with {@code jcmd
   * JFR.dump}: writing a long one on exit can outlast the grace period before SIGKILL, which loses
   * all but its first chunk.
   */
  public void stop(JavaProcess service) throws IOException, InterruptedException {
    if (profile && service.isAlive()) {
      Path jcmd =
          Path.of(ProcessHandle.current().info().command().orElseThrow()).resolveSibling("jcmd");
      String log = service.log().getFileName().toString();
      Path recording = work.resolve(log.substring(0, log.length() - ".log".length()) + ".jfr");
      Process dump =
          new ProcessBuilder(
                  jcmd.toString(),
                  Long.toString(service.pid()),
                  "JFR.dump",
                  "filename=" + recording)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      if (!dump.waitFor(5, TimeUnit.MINUTES) || dump.exitValue() != 0) {
        System.err.println("  the service's recording could not be saved: " + jcmd + " failed");
      }
    }
    service.close();
  }

  /** Waits until the service started by {@link #start} reports itself ready. */
  public void awaitReady(JavaProcess service, Duration patience)
      throws IOException, InterruptedException {
    service.awaitHttp(url().resolve("/actuator/health/readiness"), patience);
  }

  /** The PID of the service's PostgreSQL server (not a child of the service's JVM). */
  public long postmaster() throws IOException {
    return Long.parseLong(
        Files.readAllLines(postgresData().resolve("postmaster.pid")).getFirst().trim());
  }

  /** The PostgreSQL server's CPU seconds: the postmaster and its backends. */
  public static double postgresCpu(long postmaster) {
    return ProcessStats.cpuSeconds(postmaster) + ProcessStats.descendantsCpuSeconds(postmaster);
  }

  /** {@code taskset} and {@code nice} as asked for; both exec what follows them. */
  public static List<String> launcher(int niceness, String cpus) {
    List<String> launcher = new ArrayList<>();
    if (!cpus.isEmpty()) {
      launcher.addAll(List.of("taskset", "-c", cpus));
    }
    if (niceness > 0) {
      launcher.addAll(List.of("nice", "-n", Integer.toString(niceness)));
    }
    return launcher;
  }

  /** Binds every thread of a running process to {@code cpus}; the threads it starts inherit it. */
  public static void pin(long pid, String cpus) throws IOException, InterruptedException {
    Process taskset =
        new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(pid))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (taskset.waitFor() != 0) {
      throw new IllegalStateException(
          "taskset could not bind this driver to CPUs " + cpus + " (its reason is above)");
    }
  }

  /** The JVM options that record a JVM with JFR's profiling settings into {@code file}. */
  public static List<String> recording(Path file) {
    return List.of(
        "-XX:FlightRecorderOptions:stackdepth=256",
        "-XX:StartFlightRecording=settings=profile,filename=" + file + ",dumponexit=true");
  }
}
