package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the agent writes of a workload object whose replicas the member's autoscaler owns: the
 * federation's share when it creates the object, never over a live one; and, applying server-side,
 * the live count handed to another field manager before an apply that drops the field.
 */
class MemberReplicasTest {
  private static final WorkloadKey WEB = new WorkloadKey("shop", "web");
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  /** Mutable, as the agent's copies of live objects are. */
  private static Map<String, Object> deployment(String name, int replicas) {
    return PreparedManifest.copy(
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", name),
            "spec",
            Map.of("replicas", replicas, "template", Map.of("spec", Map.of()))));
  }

  @SafeVarargs
  private static WorkItem item(Boolean owned, Map<String, Object>... manifests) {
    return new WorkItem("uid", "shop", "web", 3, 7, List.of(manifests), null, 2, owned, null);
  }

  @SuppressWarnings("unchecked")
  private static Object replicas(Map<String, Object> object) {
    return ((Map<String, Object>) object.get("spec")).get("replicas");
  }

  /** The object as written, then scaled by an autoscaler. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> scaled(PreparedManifest prepared, int replicas) {
    Map<String, Object> live = PreparedManifest.copy(prepared.body());
    ((Map<String, Object>) live.get("spec")).put("replicas", replicas);
    return live;
  }

  @Test
  void theWorkloadObjectKeepsTheLiveCountAndCreatesWithTheShare() throws Exception {
    Map<String, Object> web = deployment("web", 3);
    PreparedManifest prepared = PreparedManifest.of(WEB, item(true, web), web);

    assertThat(prepared.replicasOwnedByMember()).isTrue();
    assertThat(replicas(prepared.body())).isEqualTo(3);
    assertThat(replicas(prepared.applied(false))).isEqualTo(3);
    assertThat(replicas(prepared.applied(true))).isNull();
    assertThat(replicas(prepared.desired())).isNull();
    assertThat(replicas(prepared.onTopOf(deployment("web", 7)))).isEqualTo(7);
    assertThat(DesiredFields.presentIn(prepared.desired(), scaled(prepared, 7))).isTrue();
  }

  @Test
  void otherObjectsAndItemsTheFederationScalesKeepTheShare() throws Exception {
    Map<String, Object> sidecar = deployment("sidecar", 2);
    Map<String, Object> web = deployment("web", 3);
    PreparedManifest resource = PreparedManifest.of(WEB, item(true, sidecar, web), sidecar);
    PreparedManifest federations = PreparedManifest.of(WEB, item(null, web), web);

    assertThat(resource.replicasOwnedByMember()).isFalse();
    assertThat(federations.replicasOwnedByMember()).isFalse();
    assertThat(replicas(federations.applied(true))).isEqualTo(3);
    assertThat(replicas(federations.onTopOf(deployment("web", 7)))).isEqualTo(3);
    assertThat(DesiredFields.presentIn(federations.desired(), scaled(federations, 7))).isFalse();
    assertThat(DesiredFields.presentIn(federations.desired(), scaled(federations, 3))).isTrue();
  }

  @Test
  void handsTheLiveCountOverOnlyWhileTheAgentsAppliesOwnIt() {
    Deployment ownedByAgent = live("ubernetes", "Apply", 7);
    Deployment ownedByAutoscaler = live("kube-controller-manager", "Update", 7);

    Map<String, Object> handover =
        ReplicasHandover.of(ownedByAgent, JSON.convertValue(ownedByAgent, Map.class));

    assertThat(handover)
        .isEqualTo(
            Map.of(
                "apiVersion",
                "apps/v1",
                "kind",
                "Deployment",
                "metadata",
                Map.of("name", "web", "namespace", "shop"),
                "spec",
                Map.of("replicas", 7)));
    assertThat(
            ReplicasHandover.of(ownedByAutoscaler, JSON.convertValue(ownedByAutoscaler, Map.class)))
        .isNull();
  }

  private static Deployment live(String manager, String operation, int replicas) {
    FieldsV1 fields = new FieldsV1();
    fields.setAdditionalProperty("f:spec", Map.of("f:replicas", Map.of(), "f:template", Map.of()));
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("shop")
        .withManagedFields(
            new ManagedFieldsEntryBuilder()
                .withManager(manager)
                .withOperation(operation)
                .withFieldsType("FieldsV1")
                .withFieldsV1(fields)
                .build())
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .endSpec()
        .build();
  }
}
