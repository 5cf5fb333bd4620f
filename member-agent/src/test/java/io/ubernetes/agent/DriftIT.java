package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.atRevision;
import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.ubernetes.agent.protocol.WorkFeed;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriftIT {
  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @BeforeEach
  void setUp() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                item("shop", "web", 1, 1, deployment("shop", "web", 3), service("shop", "web"))),
            List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> web().get() != null && liveService() != null);
  }

  private RollableScalableResource<Deployment> web() {
    return harness.kube.apps().deployments().inNamespace("shop").withName("web");
  }

  private Object liveService() {
    return harness.kube.services().inNamespace("shop").withName("web").get();
  }

  @Test
  void restoresAManagedObjectSomeoneEdited() {
    web()
        .edit(
            d -> {
              d.getSpec().setReplicas(1);
              d.getMetadata().getLabels().put("edited-by", "someone");
              return d;
            });

    await().atMost(Duration.ofSeconds(5)).until(() -> web().get().getSpec().getReplicas() == 3);
  }

  @Test
  void recreatesAManagedObjectSomeoneDeleted() {
    harness.kube.services().inNamespace("shop").withName("web").delete();

    await().atMost(Duration.ofSeconds(5)).until(() -> liveService() != null);
  }

  @Test
  void correctsDriftWhileTheFederationIsDown() {
    harness.federation.stop();

    web()
        .edit(
            d -> {
              d.getSpec().setReplicas(7);
              return d;
            });

    await().atMost(Duration.ofSeconds(5)).until(() -> web().get().getSpec().getReplicas() == 3);
  }

  @Test
  void leavesTheObjectAloneAfterItsOwnWritesAndStatusChanges() {
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> web().get().getMetadata().getResourceVersion(), rv -> rv != null);
    Deployment current = web().get();
    current.setStatus(new DeploymentStatusBuilder().withReplicas(3).withReadyReplicas(2).build());
    harness.kube.apps().deployments().inNamespace("shop").resource(current).updateStatus();
    String afterStatus = web().get().getMetadata().getResourceVersion();

    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> web().get().getMetadata().getResourceVersion().equals(afterStatus));
    assertThat(web().get().getStatus().getReadyReplicas()).isEqualTo(2);
  }

  @Test
  void aChangedRevisionAnnotationIsPutBackOnceAndNotFoughtOver() {
    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                atRevision(
                    item("shop", "web", 2, 2, deployment("shop", "web", 3), service("shop", "web")),
                    5)),
            List.of()));
    harness.federation.idleAt(2);
    await().atMost(Duration.ofSeconds(5)).until(() -> "5".equals(revisionAnnotation()));

    web()
        .edit(
            d -> {
              d.getMetadata().getAnnotations().put("ubernetes.io/revision", "4");
              return d;
            });

    await().atMost(Duration.ofSeconds(5)).until(() -> "5".equals(revisionAnnotation()));
    String settled = web().get().getMetadata().getResourceVersion();
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> web().get().getMetadata().getResourceVersion().equals(settled));
  }

  private String revisionAnnotation() {
    return web().get().getMetadata().getAnnotations().get("ubernetes.io/revision");
  }
}
