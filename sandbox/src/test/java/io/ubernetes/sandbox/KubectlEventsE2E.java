package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.sandbox.Kubectl.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A workload's history as the real kubectl 1.35 reads Kubernetes Events, against the sandbox's
 * default four clusters with real agents, with nothing but the kubeconfig the federation wrote:
 * {@code kubectl describe fw} ends with an Events section that shows the workload placed and, once
 * a cluster that ran its replicas is cut off from the federation, failed over; {@code kubectl get
 * events} and {@code kubectl events --for} list the same.
 */
class KubectlEventsE2E {
  private static final String WORKLOAD = "evented";

  @TempDir static Path data;
  @TempDir static Path home;
  private static ConfigurableApplicationContext application;
  private static Sandbox sandbox;
  private static Kubectl kubectl;

  /**
   * The sandbox as it starts by default (over HTTPS: kubectl sends no token over plain HTTP), with
   * the federation's timers scaled down as in {@link FleetHarness}.
   */
  @BeforeAll
  static void start() {
    KubectlBinary.kubectl();
    application =
        SandboxApplication.run(
            new String[] {
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
              "--ubernetes.kubeconfig.enabled=true",
              "--ubernetes.sandbox.heartbeat-interval=300ms",
              "--ubernetes.sandbox.start-delay=200ms",
              "--ubernetes.agents.heartbeat-timeout=3s",
              "--ubernetes.agents.health-check-interval=250ms",
              "--ubernetes.scheduler.interval=500ms",
              "--ubernetes.scheduler.failover-grace-period=2s",
              "--ubernetes.dns.port=0",
              "--spring.main.banner-mode=off"
            });
    sandbox =
        application
            .getBean(SandboxRunner.class)
            .sandbox(PATIENCE)
            .orElseThrow(() -> new IllegalStateException("the sandbox did not start"));
    kubectl = new Kubectl(data.resolve("kubeconfig"), home);
  }

  @AfterAll
  static void stop() {
    if (application != null) {
      application.close();
    }
  }

  @Test
  void describeShowsTheWorkloadPlacedThenFailedOverAndGetEventsListsThem() {
    Result created =
        kubectl.withInput(
            KubectlE2E.manifest(WORKLOAD, 4, null, KubectlE2E.IN_THE_EU), "apply", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Result described = kubectl.run("describe", "fw", WORKLOAD);
              assertThat(described.exitCode()).as(described.toString()).isZero();
              assertThat(described.out())
                  .containsPattern("(?s)Events:.*Normal\\s+Scheduled\\s+.*ubernetes-scheduler");
            });
    String cut = whereItRuns();

    sandbox.partition(cut);
    try {
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                Result described = kubectl.run("describe", "fw", WORKLOAD);
                assertThat(described.out())
                    .containsPattern("Warning\\s+FailedOver\\s+.*Cluster " + cut + " is not ready");
              });
      Result listed = kubectl.run("get", "events");
      Result forWorkload = kubectl.run("events", "--for", "federatedworkload/" + WORKLOAD);

      assertThat(listed.exitCode()).as(listed.toString()).isZero();
      assertThat(listed.out())
          .startsWith("LAST SEEN")
          .containsPattern("Normal\\s+Scheduled\\s+federatedworkload/" + WORKLOAD)
          .containsPattern("Warning\\s+FailedOver\\s+federatedworkload/" + WORKLOAD);
      assertThat(forWorkload.exitCode()).as(forWorkload.toString()).isZero();
      assertThat(forWorkload.out()).contains("Scheduled").contains("FailedOver");
    } finally {
      sandbox.heal(cut);
    }
  }

  /** A cluster that runs replicas of the workload, as kubectl reads its status. */
  private static String whereItRuns() {
    Result clusters =
        kubectl.run(
            "get",
            "fw",
            WORKLOAD,
            "-o",
            "jsonpath={range .status.clusters[?(@.replicas>0)]}{.name}{\"\\n\"}{end}");
    assertThat(clusters.exitCode()).as(clusters.toString()).isZero();
    return clusters.out().lines().findFirst().orElseThrow(() -> new AssertionError(clusters));
  }
}
