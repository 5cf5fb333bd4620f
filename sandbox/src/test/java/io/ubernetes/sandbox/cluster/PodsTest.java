package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodsTest {

  private static PodTemplateSpec template(Map<String, String> labels, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  private static Pod pod(String name, String created, String nodeName, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp(created)
        .endMetadata()
        .withNewSpec()
        .withNodeName(nodeName)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  @Test
  void theTemplateHashIgnoresTheOrderOfMapsAndFollowsTheContent() {
    Map<String, String> ab = new LinkedHashMap<>();
    ab.put("a", "1");
    ab.put("b", "2");
    Map<String, String> ba = new LinkedHashMap<>();
    ba.put("b", "2");
    ba.put("a", "1");

    assertThat(Pods.templateHash(template(ab, "nginx:1.27")))
        .isEqualTo(Pods.templateHash(template(ba, "nginx:1.27")))
        .hasSize(10)
        .isNotEqualTo(Pods.templateHash(template(ab, "nginx:1.28")));
  }

  @Test
  void surplusPodsGoUnscheduledFirstThenUnreadyThenTheNewest() {
    List<Pod> pods =
        new ArrayList<>(
            List.of(
                pod("web-1", "2025-01-01T00:00:00Z", "node-1", true),
                pod("web-2", "2025-01-01T00:00:00Z", "node-1", true),
                pod("web-3", "2025-01-01T00:00:01Z", "node-1", false),
                pod("web-4", "2025-01-01T00:00:00Z", null, false),
                pod("web-5", "2025-01-01T00:00:02Z", "node-2", true)));

    pods.sort(Pods.DELETION_ORDER);

    assertThat(pods.stream().map(p -> p.getMetadata().getName()))
        .containsExactly("web-4", "web-3", "web-5", "web-2", "web-1");
  }

  @Test
  void namesOrderByTheirNumbers() {
    List<Pod> pods =
        new ArrayList<>(
            List.of(
                pod("web-10", null, null, false),
                pod("api-3", null, null, false),
                pod("web-2", null, null, false),
                pod("web", null, null, false)));

    pods.sort(Pods.NAME_ORDER);

    assertThat(pods.stream().map(p -> p.getMetadata().getName()))
        .containsExactly("web", "api-3", "web-2", "web-10");
  }

  @Test
  void newPodsTakeTheNextNumberAndTheTemplatesLabelsAnnotationsAndOwner() {
    var owner =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("shop")
            .withUid("uid-1")
            .endMetadata()
            .build();
    List<Pod> existing =
        List.of(pod("web-abc-2", null, null, false), pod("web-abc-7", null, null, false));

    Pod created =
        Pods.fromTemplate(
            owner,
            template(Map.of("app", "web"), "nginx:1.27"),
            Pods.nextName("web-abc-", existing),
            Map.of("pod-template-hash", "abc"));

    assertThat(created.getMetadata().getName()).isEqualTo("web-abc-8");
    assertThat(created.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(created.getMetadata().getLabels())
        .containsEntry("app", "web")
        .containsEntry("pod-template-hash", "abc");
    assertThat(Pods.controller(created))
        .hasValueSatisfying(
            ref -> {
              assertThat(ref.getKind()).isEqualTo("Deployment");
              assertThat(ref.getUid()).isEqualTo("uid-1");
            });
    assertThat(Pods.phase(created)).isEqualTo("Pending");
    assertThat(created.getSpec().getContainers()).hasSize(1);
  }
}
