package io.ubernetes.benchmark.agent;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.benchmark.ProcessStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The agent's resident memory after an hour of work, compressed: the agent runs as its own process
 * from its packaged jar with the JVM settings it ships with, on a mock member cluster, with
 * heartbeats 100 times as frequent as the default and the work changes of a busy hour.
 *
 * <p>An hour at production settings is 360 heartbeats (every 10 s). Here they come every 100 ms for
 * 36 s, while the federation makes 3,600 changes to the cluster's work: 200 workloads created,
 * 3,300 updates among them, 50 deleted and 50 new ones created. At the end the cluster must hold
 * exactly the final state, which the run checks before it reads the figures.
 */
final class MemoryRun {
  private static final String NAMESPACE = "bench";
  private static final String CLUSTER = "member-memory";
  private static final String ZONE = "zone-memory";
  private static final int WORKLOADS = 200;
  private static final int UPDATES = 3_300;
  private static final int REPLACED = 50;
  private static final Duration HOUR_COMPRESSED = Duration.ofSeconds(36);

  /** What the run measured, in MiB. */
  record Result(
      double rssMiB, double peakRssMiB, int heartbeats, int changes, int managedDeployments) {}

  private MemoryRun() {}

  static Result run(Path agentJar, List<String> jvmArgs) throws Exception {
    System.out.printf(
        "%nAgent memory: the packaged agent (%s) as its own process, JVM settings %s%n",
        agentJar.getFileName(), String.join(" ", jvmArgs));
    Path log = Path.of("target", "agent-benchmark-agent.log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    System.out.println("  the agent logs to " + log);
    try (Federation federation = Federation.start(List.of());
        MemberClusterMock cluster = new MemberClusterMock()) {
      cluster.addReadyNode("node-1", "512", "2Ti", "5000", Map.of());
      Process agent = startAgent(agentJar, jvmArgs, federation, cluster, log);
      try {
        federation.awaitReadyClusters(1, Duration.ofSeconds(60));
        long started = System.nanoTime();
        Map<String, Long> generations = work(federation);
        long written = System.nanoTime();
        List<String> lost = new ArrayList<>();
        generations.forEach(
            (name, generation) -> {
              long stored =
                  federation
                      .get(Workloads.path(NAMESPACE, name))
                      .body()
                      .at("/metadata/generation")
                      .asLong();
              if (stored != generation) {
                lost.add(name + " acknowledged " + generation + ", stored " + stored);
              }
            });
        if (!lost.isEmpty()) {
          throw new IllegalStateException("acknowledged writes not stored: " + lost);
        }
        awaitApplied(federation, cluster, generations, agent, log);
        System.out.printf(
            Locale.ROOT,
            "  changes written in %.1f s; the cluster held the final state %.1f s later%n",
            (written - started) / 1e9,
            (System.nanoTime() - written) / 1e9);
        Thread.sleep(5_000);
        printWhereTheMemoryGoes(agent, jvmArgs);
        return new Result(
            ProcessStats.rssKiB(agent.pid()) / 1024.0,
            ProcessStats.peakRssKiB(agent.pid()) / 1024.0,
            (int) (HOUR_COMPRESSED.toMillis() / 100),
            WORKLOADS + UPDATES + 2 * REPLACED,
            generations.size());
      } finally {
        stop(agent);
      }
    }
  }

  private static Process startAgent(
      Path jar, List<String> jvmArgs, Federation federation, MemberClusterMock cluster, Path log)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("UBERNETES_FEDERATION_URL", federation.url().toString());
    env.put("UBERNETES_CLUSTER_NAME", CLUSTER);
    env.put("UBERNETES_JOIN_TOKEN", Federation.JOIN_TOKEN);
    env.put("UBERNETES_HEARTBEAT_INTERVAL", "100ms");
    env.put("UBERNETES_HEALTH_ADDRESS", "127.0.0.1:0");
    env.put("UBERNETES_APPLY_MODE", "update");
    env.put("UBERNETES_REGION", Fleet.REGION);
    env.put("UBERNETES_ZONE", ZONE);
    // The member cluster, through the Kubernetes client's usual configuration, and nothing else.
    env.put("KUBERNETES_MASTER", cluster.client().getMasterUrl().toString());
    env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
    env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
    env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
    return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * The hour's changes, paced over the compressed hour; returns each workload's last generation.
   */
  private static Map<String, Long> work(Federation federation) throws InterruptedException {
    Map<String, Long> generations = new HashMap<>();
    int changes = WORKLOADS + UPDATES + 2 * REPLACED;
    long period = HOUR_COMPRESSED.toNanos() / changes;
    long next = System.nanoTime();
    int done = 0;
    for (int i = 0; i < WORKLOADS; i++) {
      String name = "w-" + i;
      generations.put(name, create(federation, name));
      next = pace(next, period);
      done++;
    }
    for (int i = 0; i < UPDATES; i++) {
      if (i == UPDATES / 2) {
        for (int r = 0; r < REPLACED; r++) {
          String gone = "w-" + r;
          check(federation.delete(Workloads.path(NAMESPACE, gone)), gone);
          generations.remove(gone);
          String name = "w-new-" + r;
          generations.put(name, create(federation, name));
          next = pace(pace(next, period), period);
          done += 2;
        }
      }
      List<String> names = new ArrayList<>(generations.keySet());
      String name = names.get(i % names.size());
      Federation.Answer answer =
          federation.mergePatch(Workloads.path(NAMESPACE, name), Workloads.revision(i));
      generations.put(name, check(answer, name).at("/metadata/generation").asLong());
      next = pace(next, period);
      done++;
    }
    System.out.printf("  %d changes to the cluster's work made%n", done);
    return generations;
  }

  private static long create(Federation federation, String name) {
    return check(federation.post(Workloads.path(NAMESPACE), Workloads.pinned(name, ZONE, 1)), name)
        .at("/metadata/generation")
        .asLong();
  }

  private static JsonNode check(Federation.Answer answer, String name) {
    if (answer.status() / 100 != 2) {
      throw new IllegalStateException(
          "writing workload " + name + " answered " + answer.status() + ": " + answer.body());
    }
    return answer.body();
  }

  private static long pace(long next, long period) throws InterruptedException {
    long wait = next + period - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
    return next + period;
  }

  /** Waits until the member cluster holds exactly the final state: no more, no less, no older. */
  private static void awaitApplied(
      Federation federation,
      MemberClusterMock cluster,
      Map<String, Long> generations,
      Process agent,
      Path log)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String missing = "";
    String firstBehind = generations.keySet().iterator().next();
    while (System.nanoTime() < deadline) {
      if (!agent.isAlive()) {
        throw new IllegalStateException("the agent exited:\n" + tail(log));
      }
      Map<String, Long> held = new HashMap<>();
      for (Deployment deployment :
          cluster
              .client()
              .apps()
              .deployments()
              .inNamespace(NAMESPACE)
              .withLabel("ubernetes.io/managed-by", "ubernetes")
              .list()
              .getItems()) {
        String generation =
            deployment.getMetadata().getAnnotations().get("ubernetes.io/generation");
        held.put(deployment.getMetadata().getName(), Long.parseLong(generation));
      }
      if (held.equals(generations)) {
        return;
      }
      List<String> behind = new ArrayList<>();
      generations.forEach(
          (name, generation) -> {
            if (!generation.equals(held.get(name))) {
              behind.add(name + " " + held.get(name) + "/" + generation);
            }
          });
      if (!behind.isEmpty()) {
        firstBehind = behind.getFirst().split(" ")[0];
      }
      missing =
          held.size()
              + " deployments held, "
              + generations.size()
              + " expected; behind (held/expected): "
              + behind.subList(0, Math.min(10, behind.size()));
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the member cluster did not reach the final state ("
            + missing
            + "); the status of "
            + firstBehind
            + ": "
            + federation.get(Workloads.path(NAMESPACE, firstBehind)).body().path("status")
            + "\n"
            + tail(log));
  }

  /**
   * The agent's threads and, when its JVM options turn native memory tracking on, the JVM's own
   * account of its memory ({@code jcmd VM.native_memory summary}) and of its loaded classes: how a
   * change to the agent's settings or dependencies moves each part.
   */
  private static void printWhereTheMemoryGoes(Process agent, List<String> jvmArgs)
      throws IOException, InterruptedException {
    System.out.printf("  threads: %d%n", ProcessStats.threads(agent.pid()));
    if (jvmArgs.stream().noneMatch(arg -> arg.startsWith("-XX:NativeMemoryTracking="))) {
      return;
    }
    Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
    Path jcmd = java.resolveSibling("jcmd");
    for (String command : List.of("VM.native_memory summary", "VM.classloader_stats")) {
      List<String> invocation =
          new ArrayList<>(List.of(jcmd.toString(), Long.toString(agent.pid())));
      invocation.addAll(List.of(command.split(" ")));
      Process jcmdProcess = new ProcessBuilder(invocation).redirectErrorStream(true).start();
      String output = new String(jcmdProcess.getInputStream().readAllBytes());
      jcmdProcess.waitFor(30, TimeUnit.SECONDS);
      System.out.println(output.indent(4));
    }
  }

  private static void stop(Process agent) throws InterruptedException {
    agent.destroy();
    if (!agent.waitFor(20, TimeUnit.SECONDS)) {
      agent.destroyForcibly();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }
}
