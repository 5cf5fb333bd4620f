package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.protocol.WorkFeed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its own process, the way it is deployed. */
class MainIT {
  private static final Pattern HEALTH_PORT = Pattern.compile("health on port (\\d+)");

  @TempDir Path temp;

  private ProcessBuilder agentProcess(Map<String, String> environment) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The JVM options the agent ships with: the parent POM's agent.jvm.args, as the exec profile,
    // the agent benchmark, the image and the chart use them.
    String jvmArgs = System.getProperty("agent.jvm.args", "");
    assertThat(jvmArgs).as("the system property agent.jvm.args").isNotBlank();
    command.addAll(List.of(jvmArgs.trim().split("\\s+")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("UBERNETES_") || key.startsWith("KUBE"));
    builder.environment().putAll(environment);
    return builder;
  }

  @Test
  void invalidConfigurationExitsWithCode2NamingTheVariable() throws Exception {
    Process process =
        agentProcess(
                Map.of(
                    "UBERNETES_FEDERATION_URL", "https://federation.example",
                    "UBERNETES_CLUSTER_NAME", "Not_A_Label",
                    "UBERNETES_JOIN_TOKEN", TestAgents.JOIN_TOKEN))
            .redirectErrorStream(true)
            .start();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(output).contains("UBERNETES_CLUSTER_NAME").doesNotContain(TestAgents.JOIN_TOKEN);
  }

  @Test
  void runsAsAProcessWithASmallFootprintAndStopsCleanlyOnSigterm() throws Exception {
    try (MemberClusterMock cluster = new MemberClusterMock();
        FederationStub federation = new FederationStub(TestAgents.CLUSTER).admitting()) {
      federation.feed(
          0,
          new WorkFeed(
              1, List.of(item("shop", "web", 1, 1, deployment("shop", "web", 2))), List.of()));
      federation.idleAt(1);
      Path kubeconfig = temp.resolve("kubeconfig");
      Files.writeString(kubeconfig, kubeconfig(cluster.server().url("/")));
      Path log = temp.resolve("agent.log");
      Process process =
          agentProcess(
                  Map.of(
                      "UBERNETES_FEDERATION_URL",
                      federation.url().toString(),
                      "UBERNETES_CLUSTER_NAME",
                      TestAgents.CLUSTER,
                      "UBERNETES_JOIN_TOKEN",
                      TestAgents.JOIN_TOKEN,
                      "UBERNETES_HEARTBEAT_INTERVAL",
                      "500ms",
                      "UBERNETES_HEALTH_ADDRESS",
                      "127.0.0.1:0",
                      "UBERNETES_APPLY_MODE",
                      "update",
                      "KUBECONFIG",
                      kubeconfig.toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () ->
                    cluster.client().apps().deployments().inNamespace("shop").withName("web").get()
                        != null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !federation.heartbeats().isEmpty());
        Matcher port = HEALTH_PORT.matcher(Files.readString(log));
        assertThat(port.find()).isTrue();
        assertThat(Health.status(Integer.parseInt(port.group(1)), "GET", "/readyz")).isEqualTo(200);
        long rssKiB = residentKiB(process.pid());
        System.out.printf("Agent process resident memory: %d MiB%n", rssKiB / 1024);
        assertThat(rssKiB).isLessThan(266 * 1024);

        process.destroy(); // SIGTERM

        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        String output = Files.readString(log);
        assertThat(output)
            .contains("Agent of cluster member-1 stopped")
            .contains("cluster=member-1")
            .doesNotContain(TestAgents.JOIN_TOKEN)
            .doesNotContain(FederationStub.CREDENTIAL);
      } finally {
        process.destroyForcibly();
      }
    }
  }

  private static String kubeconfig(String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
        users:
        - name: tester
          user:
            token: not-checked
        contexts:
        - name: mock
          context:
            cluster: mock
            user: tester
            namespace: default
        current-context: mock
        """
        .formatted(server);
  }

  private static long residentKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IllegalStateException("no VmRSS for " + pid);
  }
}
