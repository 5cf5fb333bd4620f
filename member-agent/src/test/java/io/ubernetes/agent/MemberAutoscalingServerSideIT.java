package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.deployment;
import static io.ubernetes.agent.Workloads.item;
import static io.ubernetes.agent.Workloads.replicasOwnedByMember;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.sync.ApplyMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Handing the replicas of a workload the agent applied server-side to the member's autoscaler. The
 * mock API server has no server-side apply: the requests are answered by expectations and checked
 * for their shape, on a Deployment whose managed fields say that the agent's applies own its
 * replicas (it was created with the federation's share).
 */
class MemberAutoscalingServerSideIT {
  private static final String WEB_PATH = "/apis/apps/v1/namespaces/shop/deployments/web";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @Test
  void handsTheLiveCountToAnotherManagerBeforeAnApplyWithoutReplicas() throws InterruptedException {
    // Applied by the agent with the share 3; the autoscaler has scaled it to 7 since.
    Deployment live = (Deployment) deployment("shop", "web", 7);
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:replicas", Map.of(), "f:template", Map.of()));
    live.setMetadata(
        new ObjectMetaBuilder(live.getMetadata())
            .addToLabels(
                Map.of("ubernetes.io/managed-by", "ubernetes", "ubernetes.io/workload", "shop.web"))
            .addToAnnotations("ubernetes.io/generation", "1")
            .withManagedFields(
                new ManagedFieldsEntryBuilder()
                    .withManager("ubernetes")
                    .withOperation("Apply")
                    .withApiVersion("apps/v1")
                    .withFieldsType("FieldsV1")
                    .withFieldsV1(fields)
                    .build())
            .build());
    harness.kube.apps().deployments().resource(live).create();
    harness
        .cluster
        .server()
        .expect()
        .patch()
        .withPath(WEB_PATH + "?fieldManager=ubernetes-replicas-handover")
        .andReturn(200, live)
        .once();
    harness
        .cluster
        .server()
        .expect()
        .patch()
        .withPath(WEB_PATH + "?fieldManager=ubernetes&force=true")
        .andReturn(200, live)
        .once();
    harness.federation.feed(
        0,
        new WorkFeed(
            2,
            List.of(
                replicasOwnedByMember(
                    item("shop", "web", 2, 2, deployment("shop", "web", 3)), true)),
            List.of()));
    harness.federation.idleAt(2);

    harness.start(TestAgents.config(harness.federation).withApplyMode(ApplyMode.SERVER_SIDE));

    List<RecordedRequest> patches = new ArrayList<>();
    while (patches.size() < 2) {
      RecordedRequest request = harness.cluster.server().takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).as("the handover PATCH, then the apply").isNotNull();
      if (request.getMethod().equals("PATCH") && request.getPath().startsWith(WEB_PATH)) {
        patches.add(request);
      }
    }
    RecordedRequest handover = patches.getFirst();
    assertThat(handover.getPath()).contains("fieldManager=ubernetes-replicas-handover");
    assertThat(handover.getPath()).doesNotContain("force");
    assertThat(handover.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    Deployment handedOver =
        harness
            .kube
            .getKubernetesSerialization()
            .unmarshal(handover.getUtf8Body(), Deployment.class);
    assertThat(handedOver.getSpec().getReplicas()).isEqualTo(7);
    assertThat(handedOver.getSpec().getTemplate()).isNull();
    assertThat(handedOver.getMetadata().getLabels()).isNullOrEmpty();

    RecordedRequest applied = patches.getLast();
    assertThat(applied.getPath()).contains("fieldManager=ubernetes").contains("force=true");
    Deployment body =
        harness
            .kube
            .getKubernetesSerialization()
            .unmarshal(applied.getUtf8Body(), Deployment.class);
    assertThat(body.getSpec().getReplicas()).as("the replicas are the autoscaler's").isNull();
    assertThat(body.getSpec().getTemplate()).isNotNull();
    assertThat(body.getMetadata().getAnnotations()).containsEntry("ubernetes.io/generation", "2");
  }
}
