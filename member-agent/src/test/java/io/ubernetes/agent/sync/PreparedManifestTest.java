package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedManifestTest {
  private static final WorkloadKey WEB = new WorkloadKey("shop", "web");

  private static WorkItem item(Map<String, Object> manifest) {
    return new WorkItem("uid", "shop", "web", 12, 30, List.of(manifest), null, null, null, null);
  }

  @Test
  void marksTheObjectAsManagedForItsWorkloadAndGeneration() throws Exception {
    Map<String, Object> manifest =
        Map.of(
            "apiVersion", "v1",
            "kind", "ConfigMap",
            "metadata",
                Map.of(
                    "name", "web-config",
                    "labels", Map.of("app", "web"),
                    "resourceVersion", "99",
                    "uid", "from-elsewhere"),
            "data", Map.of("k", "v"),
            "status", Map.of("ignored", true));

    PreparedManifest prepared = PreparedManifest.of(WEB, item(manifest), manifest);

    assertThat(prepared.ref()).isEqualTo(new ObjectRef("v1", "ConfigMap", "shop", "web-config"));
    Map<String, Object> metadata = PreparedManifest.child(prepared.body(), "metadata");
    assertThat(metadata)
        .containsEntry("namespace", "shop")
        .doesNotContainKeys("resourceVersion", "uid");
    assertThat(PreparedManifest.child(metadata, "labels"))
        .containsEntry("app", "web")
        .containsEntry("ubernetes.io/managed-by", "ubernetes")
        .containsEntry("ubernetes.io/workload", "shop.web");
    assertThat(PreparedManifest.child(metadata, "annotations"))
        .containsEntry("ubernetes.io/generation", "12");
    assertThat(prepared.body()).doesNotContainKey("status").containsKey("data");
  }

  @Test
  void marksTheObjectWithTheWorkloadRevisionItWasRenderedFromButNotItsPods() throws Exception {
    Map<String, Object> deployment =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web"),
            "spec",
            Map.of("template", Map.of("spec", Map.of())));
    WorkItem atRevision3 =
        new WorkItem("uid", "shop", "web", 12, 30, List.of(deployment), null, 3, null, null);

    PreparedManifest prepared = PreparedManifest.of(WEB, atRevision3, deployment);
    PreparedManifest unnumbered = PreparedManifest.of(WEB, item(deployment), deployment);

    Map<String, Object> metadata = PreparedManifest.child(prepared.body(), "metadata");
    assertThat(PreparedManifest.child(metadata, "annotations"))
        .containsEntry("ubernetes.io/revision", "3");
    Map<String, Object> template =
        PreparedManifest.child(PreparedManifest.child(prepared.body(), "spec"), "template");
    assertThat(PreparedManifest.child(template, "metadata")).doesNotContainKey("annotations");
    assertThat(
            PreparedManifest.child(
                PreparedManifest.child(unnumbered.body(), "metadata"), "annotations"))
        .doesNotContainKey("ubernetes.io/revision");
  }

  @Test
  void marksPodTemplatesSoThePodsCountAsTheFederations() throws Exception {
    Map<String, Object> deployment =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web"),
            "spec",
            Map.of(
                "selector", Map.of("matchLabels", Map.of("app", "web")),
                "template", Map.of("metadata", Map.of("labels", Map.of("app", "web")))));
    Map<String, Object> cronJob =
        Map.of(
            "apiVersion",
            "batch/v1",
            "kind",
            "CronJob",
            "metadata",
            Map.of("name", "nightly"),
            "spec",
            Map.of("schedule", "0 3 * * *", "jobTemplate", Map.of("spec", Map.of())));

    Map<String, Object> deploymentTemplate =
        PreparedManifest.child(
            PreparedManifest.child(
                PreparedManifest.of(WEB, item(deployment), deployment).body(), "spec"),
            "template");
    Map<String, Object> jobTemplate =
        PreparedManifest.child(
            PreparedManifest.child(
                PreparedManifest.child(
                    PreparedManifest.child(
                        PreparedManifest.of(WEB, item(cronJob), cronJob).body(), "spec"),
                    "jobTemplate"),
                "spec"),
            "template");

    for (Map<String, Object> template : List.of(deploymentTemplate, jobTemplate)) {
      Map<String, Object> labels =
          PreparedManifest.child(PreparedManifest.child(template, "metadata"), "labels");
      assertThat(labels)
          .containsEntry("ubernetes.io/managed-by", "ubernetes")
          .containsEntry("ubernetes.io/workload", "shop.web");
      assertThat(PreparedManifest.child(template, "metadata")).doesNotContainKey("annotations");
    }
  }

  @Test
  void leavesTheFederationsManifestUntouched() throws Exception {
    Map<String, Object> metadata = new HashMap<>(Map.of("name", "web-config"));
    Map<String, Object> manifest =
        new HashMap<>(Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", metadata));

    PreparedManifest.of(WEB, item(manifest), manifest);

    assertThat(metadata).containsOnlyKeys("name");
  }

  @Test
  void keepsAnExplicitNamespace() throws Exception {
    Map<String, Object> manifest =
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Service",
            "metadata",
            Map.of("name", "db", "namespace", "data"));

    assertThat(PreparedManifest.of(WEB, item(manifest), manifest).ref().namespace())
        .isEqualTo("data");
  }

  @Test
  void refusesManifestsWithoutKindOrNameAndWorkloadsTooLongToLabel() {
    Map<String, Object> nameless =
        Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of());
    assertThatThrownBy(() -> PreparedManifest.of(WEB, item(nameless), nameless))
        .hasMessageContaining("metadata.name");

    Map<String, Object> kindless = Map.of("metadata", Map.of("name", "x"));
    assertThatThrownBy(() -> PreparedManifest.of(WEB, item(kindless), kindless))
        .hasMessageContaining("kind");

    WorkloadKey longName = new WorkloadKey("shop", "w".repeat(60));
    Map<String, Object> manifest =
        Map.of("apiVersion", "v1", "kind", "ConfigMap", "metadata", Map.of("name", "x"));
    assertThatThrownBy(() -> PreparedManifest.of(longName, item(manifest), manifest))
        .hasMessageContaining("63 characters");
  }

  @Test
  void aClusterScopedWorkloadsObjectsCarryAWorkloadLabelNoNamespacedOneCanHave() throws Exception {
    Map<String, Object> manifest =
        Map.of(
            "apiVersion", "rbac.authorization.k8s.io/v1",
            "kind", "ClusterRole",
            "metadata", Map.of("name", "reader"));
    WorkItem item =
        new WorkItem("uid", "", "web.tools", 1, 1, List.of(manifest), null, null, null, null);

    PreparedManifest prepared =
        PreparedManifest.of(new WorkloadKey("", "web.tools"), item, manifest);

    assertThat(prepared.ref())
        .isEqualTo(new ObjectRef("rbac.authorization.k8s.io/v1", "ClusterRole", null, "reader"));
    Map<String, Object> metadata = PreparedManifest.child(prepared.body(), "metadata");
    assertThat(metadata).doesNotContainKey("namespace");
    assertThat(PreparedManifest.child(metadata, "labels"))
        .containsEntry("ubernetes.io/workload", "cluster_web.tools");
    assertThat(WorkloadKey.fromLabel("cluster_web.tools"))
        .contains(new WorkloadKey("", "web.tools"));
    assertThat(WorkloadKey.fromLabel("shop.web")).contains(new WorkloadKey("shop", "web"));
  }
}
