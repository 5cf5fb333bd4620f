package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.replicasOwnedByMember;
import static io.ubernetes.agent.Workloads.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workload whose replicas a HorizontalPodAutoscaler in the member owns, against an API server
 * without server-side apply (the agent creates and updates): the test writes the Deployment's
 * replicas as the HPA controller does while the agent repairs drift.
 */
class MemberAutoscalingIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @BeforeEach
  void setUp() {
    harness.federation.feed(0, new WorkFeed(1, List.of(web(1, 1, 3, true)), List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> web().get() != null);
  }

  private static WorkItem web(long generation, long revision, int replicas, boolean owned) {
    return replicasOwnedByMember(
        item(
            "shop",
            "web",
            generation,
            revision,
            service("shop", "web"),
            deployment("shop", "web", replicas)),
        owned);
  }

  private RollableScalableResource<Deployment> web() {
    return harness.kube.apps().deployments().inNamespace("shop").withName("web");
  }

  /**
   * What the HPA controller does: it writes the replicas, nothing else, whatever the object's
   * resourceVersion.
   */
  private void autoscaleTo(int replicas) {
    web()
        .patch(
            PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": {\"replicas\": " + replicas + "}}");
  }

  /** Someone edits the pod template by hand. */
  private void changeImage(String image) {
    web()
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\": \"replace\", \"path\": \"/spec/template/spec/containers/0/image\","
                + " \"value\": \""
                + image
                + "\"}]");
  }

  private String image() {
    return web().get().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private String settled() {
    String version = web().get().getMetadata().getResourceVersion();
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(15))
        .until(() -> web().get().getMetadata().getResourceVersion().equals(version));
    return version;
  }

  @Test
  void createsTheWorkloadWithTheSharesCountAndLeavesTheCountTheAutoscalerSets() {
    assertThat(web().get().getSpec().getReplicas()).isEqualTo(3);
    settled();

    autoscaleTo(7);

    settled();
    assertThat(web().get().getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void repairsEveryOtherDriftedFieldButKeepsTheAutoscalersCount() {
    settled();

    autoscaleTo(7);
    changeImage("nginx:edited");

    await().atMost(Duration.ofSeconds(10)).until(() -> image().equals("nginx:1.27"));
    settled();
    assertThat(web().get().getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void aNewShareFromTheFederationDoesNotResetTheAutoscalersCount() {
    settled();
    autoscaleTo(7);
    settled();

    harness.federation.feed(1, new WorkFeed(2, List.of(web(2, 2, 5, true)), List.of()));
    harness.federation.idleAt(2);

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "2"
                    .equals(
                        web().get().getMetadata().getAnnotations().get("ubernetes.io/generation")));
    settled();
    assertThat(web().get().getSpec().getReplicas()).isEqualTo(7);
  }

  @Test
  void handingTheReplicasBackToTheFederationAppliesItsShareAgain() {
    settled();
    autoscaleTo(7);
    settled();

    harness.federation.feed(1, new WorkFeed(2, List.of(web(2, 2, 3, false)), List.of()));
    harness.federation.idleAt(2);

    await().atMost(Duration.ofSeconds(10)).until(() -> web().get().getSpec().getReplicas() == 3);
  }

  @Test
  void recreatesADeletedWorkloadWithTheSharesCount() {
    settled();
    autoscaleTo(7);
    settled();

    web().delete();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> web().get() != null && web().get().getSpec().getReplicas() == 3);
  }

  @Test
  void anAgentRestartedFromItsStoredStateStillLeavesTheAutoscalersCount() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.agent().desiredState().revision() == 1 && savedState());
    harness.agent().close();
    harness.federation.stop();
    autoscaleTo(7);

    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> harness.agent().desiredState().items().size() == 1);
    changeImage("nginx:edited");

    await().atMost(Duration.ofSeconds(10)).until(() -> image().equals("nginx:1.27"));
    settled();
    assertThat(web().get().getSpec().getReplicas()).isEqualTo(7);
  }

  private boolean savedState() {
    var state =
        harness
            .kube
            .configMaps()
            .inNamespace("ubernetes-system")
            .withName(io.ubernetes.agent.state.DesiredStateStore.CONFIG_MAP)
            .get();
    return state != null && "1".equals(state.getData().get("revision"));
  }
}
