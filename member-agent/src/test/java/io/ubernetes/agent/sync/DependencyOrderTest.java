package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ubernetes.agent.protocol.WorkItem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DependencyOrderTest {
  // Never connects: ranks come from the model classes the client knows.
  private final KubernetesClient client =
      new KubernetesClientBuilder()
          .withConfig(new ConfigBuilder().withMasterUrl("https://127.0.0.1:1").build())
          .build();
  private final DependencyOrder order = new DependencyOrder(new KubeResources(client));

  @AfterEach
  void close() {
    client.close();
  }

  private static Map<String, Object> object(String apiVersion, String kind, String name) {
    return Map.of("apiVersion", apiVersion, "kind", kind, "metadata", Map.of("name", name));
  }

  @Test
  void definitionsThenNamespacesThenClusterScopedThenNamespacedThenCustomResources() {
    List<Map<String, Object>> manifests =
        List.of(
            object("example.com/v1", "Widget", "w1"),
            object("apps/v1", "Deployment", "api"),
            object("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "readers"),
            object("v1", "Namespace", "team-a"),
            object("scheduling.k8s.io/v1", "PriorityClass", "high"),
            object("v1", "ConfigMap", "settings"),
            object("apiextensions.k8s.io/v1", "CustomResourceDefinition", "widgets.example.com"),
            object("rbac.authorization.k8s.io/v1", "ClusterRole", "reader"));
    WorkItem item = new WorkItem("uid", "", "widgets", 1, 1, manifests, null, null, null, null);

    assertThat(order.sorted(item))
        .extracting(m -> (Object) ((Map<?, ?>) m.get("metadata")).get("name"))
        .containsExactly(
            "widgets.example.com",
            "team-a",
            // Within a rank, the item's own order.
            "readers",
            "high",
            "reader",
            "api",
            "settings",
            "w1");
  }

  @Test
  void builtInGroupsAreNotCustomResources() {
    assertThat(DependencyOrder.customResource("v1")).isFalse();
    assertThat(DependencyOrder.customResource("apps/v1")).isFalse();
    assertThat(DependencyOrder.customResource("networking.k8s.io/v1")).isFalse();
    assertThat(DependencyOrder.customResource("example.com/v1")).isTrue();
    assertThat(DependencyOrder.customResource("cert-manager.io/v1")).isTrue();
  }
}
