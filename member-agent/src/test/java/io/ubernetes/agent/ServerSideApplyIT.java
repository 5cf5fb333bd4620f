package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.sync.ApplyMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ServerSideApplyIT {
  private static final String WEB_PATH = "/apis/apps/v1/namespaces/shop/deployments/web";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @BeforeEach
  void setUp() {
    harness.federation.feed(
        0,
        new WorkFeed(
            1, List.of(item("shop", "web", 3, 1, deployment("shop", "web", 3))), List.of()));
    harness.federation.idleAt(1);
  }

  private void startServerSideApplyingAgent() {
    harness.start(TestAgents.config(harness.federation).withApplyMode(ApplyMode.SERVER_SIDE));
  }

  @Test
  void appliesServerSideAsFieldManagerUbernetesForcingConflicts() throws InterruptedException {
    Deployment applied = (Deployment) deployment("shop", "web", 3);
    harness
        .cluster
        .server()
        .expect()
        .patch()
        .withPath(WEB_PATH + "?fieldManager=ubernetes&force=true")
        .andReturn(200, applied)
        .once();

    startServerSideApplyingAgent();

    RecordedRequest patch = null;
    while (patch == null) {
      RecordedRequest request = harness.cluster.server().takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).as("a PATCH of the Deployment").isNotNull();
      if (request.getMethod().equals("PATCH") && request.getPath().startsWith(WEB_PATH)) {
        patch = request;
      }
    }
    assertThat(patch.getPath()).contains("fieldManager=ubernetes").contains("force=true");
    assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    Deployment body =
        harness.kube.getKubernetesSerialization().unmarshal(patch.getUtf8Body(), Deployment.class);
    assertThat(body.getMetadata().getLabels())
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "shop.web");
    assertThat(body.getMetadata().getAnnotations()).containsEntry("ubernetes.io/generation", "3");
    assertThat(body.getMetadata().getResourceVersion()).isNull();
    assertThat(body.getSpec().getReplicas()).isEqualTo(3);
    assertThat(body.getStatus()).isNull();
  }

  @Test
  void triesANewItemServerSideWithADryRunBeforeApplyingIt() throws InterruptedException {
    Deployment applied = (Deployment) deployment("shop", "web", 3);
    // The API server honours dry runs: the agent's probe is not stored.
    harness
        .cluster
        .server()
        .expect()
        .post()
        .withPath("/api/v1/namespaces/ubernetes-system/configmaps?dryRun=All")
        .andReturn(201, Workloads.configMap("ubernetes-system", "ubernetes-dry-run-probe", "x"))
        .once();
    harness
        .cluster
        .server()
        .expect()
        .patch()
        .withPath(WEB_PATH + "?fieldManager=ubernetes&dryRun=All&force=true")
        .andReturn(200, applied)
        .once();
    harness
        .cluster
        .server()
        .expect()
        .patch()
        .withPath(WEB_PATH + "?fieldManager=ubernetes&force=true")
        .andReturn(200, applied)
        .once();

    startServerSideApplyingAgent();

    List<RecordedRequest> patches = new ArrayList<>();
    while (patches.size() < 2) {
      RecordedRequest request = harness.cluster.server().takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).as("a dry-run PATCH of the Deployment, then a PATCH").isNotNull();
      if (request.getMethod().equals("PATCH") && request.getPath().startsWith(WEB_PATH)) {
        patches.add(request);
      }
    }
    assertThat(patches.getFirst().getPath()).contains("dryRun=All").contains("force=true");
    assertThat(patches.getLast().getPath()).doesNotContain("dryRun");
    assertThat(patches)
        .allSatisfy(
            patch ->
                assertThat(patch.getHeader("Content-Type"))
                    .startsWith("application/apply-patch+yaml"));
    assertThat(harness.agent().applyMode()).isEqualTo(ApplyMode.SERVER_SIDE);
  }

  @Test
  void createsObjectsOnceApplyingANewObjectIsNotFound() {
    startServerSideApplyingAgent();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness.kube.apps().deployments().inNamespace("shop").withName("web").get()
                    != null);
    assertThat(harness.agent().applyMode()).isEqualTo(ApplyMode.UPDATE);
  }

  @Test
  void updatesObjectsOnceApplyingAnExistingObjectIsAnUnsupportedMediaType() {
    // Left by an earlier agent, and since edited: the apply PATCH gets 415 from this API server.
    Deployment stale = (Deployment) deployment("shop", "web", 1);
    stale.setMetadata(
        new ObjectMetaBuilder(stale.getMetadata())
            .addToLabels(
                Map.of("ubernetes.io/managed-by", "ubernetes", "ubernetes.io/workload", "shop.web"))
            .build());
    harness.kube.apps().deployments().resource(stale).create();

    startServerSideApplyingAgent();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                harness
                        .kube
                        .apps()
                        .deployments()
                        .inNamespace("shop")
                        .withName("web")
                        .get()
                        .getSpec()
                        .getReplicas()
                    == 3);
    assertThat(harness.agent().applyMode()).isEqualTo(ApplyMode.UPDATE);
  }
}
