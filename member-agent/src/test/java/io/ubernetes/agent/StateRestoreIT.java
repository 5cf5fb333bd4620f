package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.state.DesiredStateStore;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StateRestoreIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  private ConfigMap stateConfigMap() {
    return harness
        .kube
        .configMaps()
        .inNamespace("ubernetes-system")
        .withName(DesiredStateStore.CONFIG_MAP)
        .get();
  }

  private Integer replicas(String name) {
    var deployment = harness.kube.apps().deployments().inNamespace("shop").withName(name).get();
    return deployment == null ? null : deployment.getSpec().getReplicas();
  }

  @Test
  void anAgentRestartedWhileTheFederationIsDownRestoresItsStateAndKeepsReconciling() {
    harness.federation.feed(
        0,
        new WorkFeed(
            3,
            List.of(
                item("shop", "web", 1, 2, deployment("shop", "web", 3), service("shop", "web")),
                item("shop", "api", 1, 3, deployment("shop", "api", 2))),
            List.of()));
    harness.federation.idleAt(3);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> replicas("web") != null && replicas("api") != null);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                stateConfigMap() != null && "3".equals(stateConfigMap().getData().get("revision")));
    harness.agent().close();
    harness.federation.stop();

    harness.start();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> harness.agent().desiredState().items().size() == 2);
    assertThat(harness.agent().ready()).isTrue();
    harness.kube.apps().deployments().inNamespace("shop").withName("web").delete();
    harness
        .kube
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("api")
        .edit(
            d -> {
              d.getSpec().setReplicas(9);
              return d;
            });
    // At once through the drift watch; at the latest through the resync (30 s here), which also
    // repairs what a watch opened just after these changes (the mock API server replays nothing)
    // missed.
    await()
        .atMost(Duration.ofSeconds(45))
        .until(() -> Integer.valueOf(3).equals(replicas("web")) && replicas("api") == 2);
    assertThat(harness.kube.services().inNamespace("shop").withName("web").get()).isNotNull();

    harness.federation.wiremock.resetRequests();
    harness.federation.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> harness.federation.polledSince(3));
    assertThat(harness.federation.polledSince(0)).isFalse();
    assertThat(replicas("web")).isEqualTo(3);
    assertThat(replicas("api")).isEqualTo(2);
  }
}
