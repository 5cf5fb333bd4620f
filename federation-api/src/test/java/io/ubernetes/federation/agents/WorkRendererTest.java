package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.IntOrString;
import io.ubernetes.federation.service.ServicePort;
import io.ubernetes.federation.service.ServiceType;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class WorkRendererTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment",
       "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web", "tier": "front"}},
                             "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
      """;
  private static final String SETTINGS =
      """
      {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}}
      """;

  private final WorkRenderer renderer = new WorkRenderer();

  @Test
  void putsTheServiceAfterTheResourcesAndBeforeTheTemplate() throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT, SETTINGS);

    List<ObjectNode> manifests = renderer.render(workload, Map.of(), 3, services("web", http()));

    assertThat(manifests)
        .extracting(m -> m.path("kind").asString())
        .containsExactly("ConfigMap", "Service", "Deployment");
    JsonNode service = manifests.get(1);
    assertThat(service.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(service.at("/metadata/name").asString()).isEqualTo("web");
    assertThat(service.at("/metadata/namespace").asString()).isEqualTo("shop");
    assertThat(service.at("/metadata/labels"))
        .isEqualTo(
            tree(
                "{\"ubernetes.io/managed-by\": \"ubernetes\", \"ubernetes.io/workload\": \"shop.frontend\"}"));
    assertThat(service.at("/metadata/annotations"))
        .isEqualTo(
            tree(
                "{\"ubernetes.io/generation\": \"4\", \"ubernetes.io/federated-service\": \"web\"}"));
    assertThat(service.path("spec"))
        .isEqualTo(
            tree(
                """
        {"type": "ClusterIP", "selector": {"app": "web"},
         "ports": [{"name": "http", "port": 80, "targetPort": "web", "protocol": "TCP"},
                   {"name": "admin", "port": 9000, "targetPort": 9001, "protocol": "TCP"}]}
        """));
  }

  @Test
  void aHeadlessServiceHasNoClusterIpAndALoadBalancerIsOne() throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT);
    SortedMap<String, FederatedServiceSpec> services = new TreeMap<>();
    services.put("direct", spec(ServiceType.HEADLESS, onePort()));
    services.put("public", spec(ServiceType.LOAD_BALANCER, onePort()));

    List<ObjectNode> manifests = renderer.render(workload, Map.of(), 1, services);

    assertThat(manifests.get(0).at("/metadata/name").asString()).isEqualTo("direct");
    assertThat(manifests.get(0).at("/spec/type").asString()).isEqualTo("ClusterIP");
    assertThat(manifests.get(0).at("/spec/clusterIP").asString()).isEqualTo("None");
    assertThat(manifests.get(1).at("/spec/type").asString()).isEqualTo("LoadBalancer");
    assertThat(manifests.get(1).at("/spec").has("clusterIP")).isFalse();
  }

  @Test
  void withoutASelectorTheServiceSelectsThePodTemplatesOwnLabels() throws Exception {
    String job =
        """
        {"apiVersion": "batch/v1", "kind": "Job",
         "spec": {"template": {"metadata": {"labels": {"app": "batch"}},
                               "spec": {"restartPolicy": "Never",
                                        "containers": [{"name": "job", "image": "busybox"}]}}}}
        """;

    List<ObjectNode> manifests =
        renderer.render(workload(job), Map.of(), 1, services("batch", onePort()));

    assertThat(manifests.getFirst().at("/spec/selector")).isEqualTo(tree("{\"app\": \"batch\"}"));
  }

  @Test
  void withoutSelectorOrPodLabelsTheServiceSelectsTheWorkloadLabel() throws Exception {
    String pod =
        """
        {"apiVersion": "v1", "kind": "Pod",
         "spec": {"containers": [{"name": "app", "image": "nginx"}]}}
        """;

    List<ObjectNode> manifests =
        renderer.render(workload(pod), Map.of(), 1, services("app", onePort()));

    assertThat(manifests.getFirst().at("/spec/selector"))
        .isEqualTo(tree("{\"ubernetes.io/workload\": \"shop.frontend\"}"));
    assertThat(manifests.getLast().at("/metadata/labels/ubernetes.io~1workload").asString())
        .isEqualTo("shop.frontend");
  }

  @Test
  void aFederatedServiceReplacesAResourceServiceOfTheSameName() throws Exception {
    String own =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
         "spec": {"selector": {"app": "old"}, "ports": [{"port": 8080}]}}
        """;
    String other =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "metrics"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 9090}]}}
        """;

    List<ObjectNode> manifests =
        renderer.render(workload(DEPLOYMENT, own, other), Map.of(), 1, services("web", http()));

    assertThat(manifests)
        .extracting(m -> m.at("/metadata/name").asString())
        .containsExactly("metrics", "web", "frontend");
    assertThat(manifests.get(1).at("/spec/ports/0/port").asInt()).isEqualTo(80);
  }

  @Test
  void aResourceCannotPassForAFederatedServicesService() throws Exception {
    String forged =
        """
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "forged", "annotations": {"ubernetes.io/federated-service": "forged"}},
         "spec": {"ports": [{"port": 80}]}}
        """;

    List<ObjectNode> manifests =
        renderer.render(workload(DEPLOYMENT, forged), Map.of(), 1, new TreeMap<>());

    assertThat(
            manifests.getFirst().at("/metadata/annotations").has("ubernetes.io/federated-service"))
        .isFalse();
  }

  @Test
  void replacingTheServicesKeepsTheCommittedTemplateAndBringsBackAReplacedResource()
      throws Exception {
    String own =
        """
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
         "spec": {"selector": {"app": "web"}, "ports": [{"port": 8080}]}}
        """;
    FederatedWorkload workload = workload(DEPLOYMENT, SETTINGS, own);
    List<ObjectNode> committed = renderer.render(workload, Map.of(), 5, services("web", http()));

    WorkRenderer.Target target = new WorkRenderer.Target("shop", "frontend", 4, null);
    List<ObjectNode> same =
        renderer.withServices(
            committed, target, workload.spec().resources(), services("web", http()));
    List<ObjectNode> gone =
        renderer.withServices(committed, target, workload.spec().resources(), new TreeMap<>());
    List<ObjectNode> goneOfAnOlderGeneration =
        renderer.withServices(committed, target, null, new TreeMap<>());

    assertThat(same).isEqualTo(committed);
    assertThat(gone).isEqualTo(renderer.render(workload, Map.of(), 5, new TreeMap<>()));
    assertThat(gone.get(1).at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    assertThat(gone.getLast().at("/spec/replicas").asInt()).isEqualTo(5);
    assertThat(goneOfAnOlderGeneration)
        .extracting(m -> m.path("kind").asString())
        .containsExactly("ConfigMap", "Deployment");
  }

  @Test
  void aClusterAssignedAnOlderRevisionRunsThatRevisionsContentAtItsShareMarkedWithItsNumber()
      throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT.replace("nginx", "nginx:1.27"), SETTINGS);
    String older =
        """
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
         "data": {"LOG_LEVEL": "debug"}}
        """;
    WorkRenderer.Content stable =
        new WorkRenderer.Content(
            tree(DEPLOYMENT),
            List.of(tree(older)),
            List.of(
                new WorkloadSpec.ClusterOverride(
                    null,
                    List.of(
                        tree(
                            """
                            {"op": "add", "path": "/spec/template/metadata/labels/ring",
                             "value": "canary"}
                            """)))),
            null,
            null);

    List<ObjectNode> manifests =
        renderer.render(
            WorkRenderer.Target.of(workload, 2), stable, Map.of(), 7, services("web", http()));

    assertThat(manifests)
        .extracting(m -> m.path("kind").asString())
        .containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(manifests.getFirst().at("/data/LOG_LEVEL").asString()).isEqualTo("debug");
    ObjectNode deployment = manifests.getLast();
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asString())
        .isEqualTo("nginx");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(7);
    assertThat(deployment.at("/spec/template/metadata/labels/ring").asString()).isEqualTo("canary");
    assertThat(manifests)
        .allSatisfy(
            manifest -> {
              assertThat(manifest.at("/metadata/annotations/ubernetes.io~1revision").asString())
                  .isEqualTo("2");
              assertThat(manifest.at("/metadata/annotations/ubernetes.io~1generation").asString())
                  .isEqualTo("4");
            });
  }

  @Test
  void policyRulesThatSelectTheClusterApplyInOrderToEveryObjectThenInlineOverridesLast()
      throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT, SETTINGS);
    WorkRenderer.Content content =
        new WorkRenderer.Content(
            tree(DEPLOYMENT),
            List.of(tree(SETTINGS)),
            List.of(
                new WorkloadSpec.ClusterOverride(
                    null,
                    List.of(
                        tree(
                            """
                            {"op": "add", "path": "/spec/template/metadata/labels/tier",
                             "value": "inline"}
                            """)))),
            List.of(
                tree(
                    """
                    {"policy": "ClusterOverridePolicy/registry", "rule": 0,
                     "image": {"registry": "eu.gcr.io", "tag": "1.4"}}
                    """),
                tree(
                    """
                    {"policy": "ClusterOverridePolicy/registry", "rule": 1,
                     "clusters": {"names": ["other"]}, "image": {"tag": "never"}}
                    """),
                tree(
                    """
                    {"policy": "OverridePolicy/shop/eu", "rule": 0,
                     "clusters": {"names": ["fra"]},
                     "labels": {"set": {"team": "eu"}}}
                    """),
                tree(
                    """
                    {"policy": "OverridePolicy/shop/eu", "rule": 1,
                     "jsonPatch": [{"op": "add", "path": "/spec/template/metadata/labels/tier",
                                    "value": "policy"}]}
                    """)),
            null);

    WorkRenderer.Rendered rendered =
        renderer.render(
            "fra", WorkRenderer.Target.of(workload, 2), content, Map.of(), 3, new TreeMap<>());

    ObjectNode deployment = rendered.manifests().getLast();
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asString())
        .isEqualTo("eu.gcr.io/nginx:1.4");
    assertThat(deployment.at("/spec/template/metadata/labels/tier").asString())
        .as("inline overrides apply last")
        .isEqualTo("inline");
    assertThat(rendered.manifests())
        .allSatisfy(m -> assertThat(m.at("/metadata/labels/team").asString()).isEqualTo("eu"));
    assertThat(deployment.at("/metadata/labels/ubernetes.io~1workload").asString())
        .isEqualTo("shop.frontend");
    assertThat(rendered.applied())
        .containsExactly(
            new WorkRenderer.AppliedOverride("ClusterOverridePolicy/registry", 0),
            new WorkRenderer.AppliedOverride("OverridePolicy/shop/eu", 0),
            new WorkRenderer.AppliedOverride("OverridePolicy/shop/eu", 1),
            new WorkRenderer.AppliedOverride(WorkRenderer.INLINE, 0));
  }

  @Test
  void aPolicyRuleThatDoesNotApplyIsAnErrorNamingThePolicyAndRule() {
    FederatedWorkload workload = workload(DEPLOYMENT);
    WorkRenderer.Content content =
        new WorkRenderer.Content(
            tree(DEPLOYMENT),
            null,
            null,
            List.of(
                tree(
                    """
                    {"policy": "OverridePolicy/shop/eu", "rule": 3,
                     "image": {"container": "sidecar", "tag": "2"}}
                    """)),
            null);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                renderer.render(
                    "fra",
                    WorkRenderer.Target.of(workload, 2),
                    content,
                    Map.of(),
                    1,
                    new TreeMap<>()))
        .isInstanceOf(WorkRenderer.RenderException.class)
        .hasMessageContaining("OverridePolicy/shop/eu rule 3 does not apply")
        .hasMessageContaining("no container named \"sidecar\"");
  }

  @Test
  void theSpecRendersAsTheNewestRevisionAndWorkWithoutARevisionCarriesNoRevisionAnnotation()
      throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT, SETTINGS);

    List<ObjectNode> newest =
        renderer.render(
            WorkRenderer.Target.of(workload, 3),
            WorkRenderer.Content.of(workload.spec()),
            Map.of(),
            3,
            new TreeMap<>());
    List<ObjectNode> without = renderer.render(workload, Map.of(), 3, new TreeMap<>());

    assertThat(newest.getLast().at("/metadata/annotations/ubernetes.io~1revision").asString())
        .isEqualTo("3");
    assertThat(without)
        .allSatisfy(
            manifest ->
                assertThat(manifest.at("/metadata/annotations").has("ubernetes.io/revision"))
                    .isFalse());
    assertThat(newest.getLast().path("spec")).isEqualTo(without.getLast().path("spec"));
  }

  @Test
  void replacingTheServicesOfWorkAtARevisionKeepsItsRevisionAndItsResources() throws Exception {
    FederatedWorkload workload = workload(DEPLOYMENT, SETTINGS);
    WorkRenderer.Target target = WorkRenderer.Target.of(workload, 2);
    List<ObjectNode> committed =
        renderer.render(
            target, WorkRenderer.Content.of(workload.spec()), Map.of(), 2, new TreeMap<>());

    List<ObjectNode> fronted =
        renderer.withServices(
            committed, target, workload.spec().resources(), services("web", http()));

    assertThat(fronted)
        .extracting(m -> m.path("kind").asString())
        .containsExactly("ConfigMap", "Service", "Deployment");
    assertThat(fronted)
        .allSatisfy(
            manifest ->
                assertThat(manifest.at("/metadata/annotations/ubernetes.io~1revision").asString())
                    .isEqualTo("2"));
  }

  private static FederatedWorkload workload(String template, String... resources) {
    WorkloadSpec spec =
        new WorkloadSpec(
            tree(template),
            java.util.Arrays.stream(resources).map(WorkRendererTest::tree).toList(),
            3,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    return new FederatedWorkload(
        "ubernetes.io/v1",
        FederatedWorkload.KIND,
        new ObjectMeta("frontend", "shop", null, null, "uid", "1", 4L, null),
        spec,
        null);
  }

  private static SortedMap<String, FederatedServiceSpec> services(
      String name, List<ServicePort> ports) {
    SortedMap<String, FederatedServiceSpec> services = new TreeMap<>();
    services.put(name, spec(ServiceType.CLUSTER_IP, ports));
    return services;
  }

  private static FederatedServiceSpec spec(ServiceType type, List<ServicePort> ports) {
    return new FederatedServiceSpec("frontend", ports, type);
  }

  private static List<ServicePort> http() {
    return List.of(
        new ServicePort("http", 80, IntOrString.of("web"), "TCP"),
        new ServicePort("admin", 9000, IntOrString.of(9001), "TCP"));
  }

  private static List<ServicePort> onePort() {
    return List.of(new ServicePort(null, 80, IntOrString.of(80), "TCP"));
  }

  private static JsonNode tree(String json) {
    return JSON.readTree(json);
  }
}
