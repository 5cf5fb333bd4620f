package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static io.ubernetes.sandbox.cluster.Manifests.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerCondition;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.ubernetes.mockcluster.Widgets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The kinds a federation propagates besides workloads behave as a real cluster's controllers make
 * them: CustomResourceDefinitions become Established, HorizontalPodAutoscalers scale their targets,
 * claims are Bound and Ingresses get an address.
 */
class ClusterKindsSimulationIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static SimulatedCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = SimulatedCluster.start(cluster("kinds", 2));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aCustomResourceDefinitionIsEstablishedWithItsNamesAcceptedAndServesItsResources() {
    client.resource(Widgets.definition().build()).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              CustomResourceDefinition seen =
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName(Widgets.DEFINITION)
                      .get();
              assertThat(seen.getStatus()).isNotNull();
              assertThat(seen.getStatus().getConditions())
                  .extracting(
                      CustomResourceDefinitionCondition::getType,
                      CustomResourceDefinitionCondition::getStatus,
                      CustomResourceDefinitionCondition::getReason)
                  .containsExactly(
                      org.assertj.core.groups.Tuple.tuple("NamesAccepted", "True", "NoConflicts"),
                      org.assertj.core.groups.Tuple.tuple(
                          "Established", "True", "InitialNamesAccepted"));
              assertThat(seen.getStatus().getAcceptedNames().getKind()).isEqualTo("Widget");
              assertThat(seen.getStatus().getAcceptedNames().getPlural()).isEqualTo("widgets");
              assertThat(seen.getStatus().getAcceptedNames().getListKind()).isEqualTo("WidgetList");
              assertThat(seen.getStatus().getStoredVersions()).containsExactly("v1");
            });

    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup("example.com")
            .withVersion("v1")
            .withKind("Widget")
            .withPlural("widgets")
            .withNamespaced(true)
            .build();
    GenericKubernetesResource widget =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("example.com/v1")
            .withKind("Widget")
            .withNewMetadata()
            .withName("blue")
            .withNamespace("shop")
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("size", 3))
            .build();
    client.genericKubernetesResources(context).inNamespace("shop").resource(widget).create();
    assertThat(
            client
                .genericKubernetesResources(context)
                .inNamespace("shop")
                .withName("blue")
                .get()
                .getAdditionalProperties())
        .containsEntry("spec", Map.of("size", 3));
  }

  @Test
  void anAutoscalerScalesItsDeploymentFromTheSimulatedUtilizationAndWritesItsStatus() {
    client.resource(deployment("scaled", "web", 2, "100m")).create();
    client.resource(autoscaler("scaled", "web", 2, 8, null)).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              HorizontalPodAutoscaler seen = hpa("scaled", "web");
              assertThat(condition(seen, "ScalingActive").getStatus()).isEqualTo("False");
              assertThat(condition(seen, "ScalingActive").getReason())
                  .isEqualTo("FailedGetResourceMetric");
              assertThat(seen.getStatus().getCurrentReplicas()).isEqualTo(2);
              assertThat(seen.getStatus().getDesiredReplicas()).isEqualTo(2);
            });

    annotate("scaled", "web", "150");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(replicas("scaled", "web")).isEqualTo(6);
              assertThat(readyReplicas("scaled", "web")).isEqualTo(6);
              HorizontalPodAutoscaler seen = hpa("scaled", "web");
              assertThat(seen.getStatus().getCurrentReplicas()).isEqualTo(6);
              assertThat(seen.getStatus().getDesiredReplicas()).isEqualTo(6);
              assertThat(seen.getStatus().getLastScaleTime()).isNotNull();
              assertThat(seen.getStatus().getCurrentMetrics()).hasSize(1);
              assertThat(
                      seen.getStatus()
                          .getCurrentMetrics()
                          .get(0)
                          .getResource()
                          .getCurrent()
                          .getAverageUtilization())
                  .isEqualTo(50);
              assertThat(condition(seen, "ScalingActive").getStatus()).isEqualTo("True");
              assertThat(condition(seen, "ScalingLimited").getReason())
                  .isEqualTo("DesiredWithinRange");
            });

    annotate("scaled", "web", "900");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(replicas("scaled", "web")).isEqualTo(8);
              HorizontalPodAutoscaler seen = hpa("scaled", "web");
              assertThat(condition(seen, "ScalingLimited").getStatus()).isEqualTo("True");
              assertThat(condition(seen, "ScalingLimited").getReason())
                  .isEqualTo("TooManyReplicas");
            });

    annotate("scaled", "web", "10");

    await().atMost(PATIENCE).until(() -> replicas("scaled", "web") == 2);
  }

  @Test
  void anAutoscalerKeepsItsTargetWithinItsBoundsWithoutUtilization() {
    client.resource(deployment("bounded", "api", 1, "100m")).create();
    client.resource(autoscaler("bounded", "api", 3, 5, null)).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              // Raised to its minimum, then within range: ScalingLimited's TooFewReplicas lasts
              // one pass only, as the HPA controller's does, so what stays is asserted.
              assertThat(replicas("bounded", "api")).isEqualTo(3);
              HorizontalPodAutoscaler seen = hpa("bounded", "api");
              assertThat(seen.getStatus().getDesiredReplicas()).isEqualTo(3);
              assertThat(seen.getStatus().getLastScaleTime()).isNotNull();
              assertThat(condition(seen, "ScalingActive").getReason())
                  .isEqualTo("FailedGetResourceMetric");
            });
  }

  @Test
  void aClaimIsBoundWithTheCapacityItAskedFor() {
    client
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .withNamespace("db")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("10Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              PersistentVolumeClaim claim =
                  client.persistentVolumeClaims().inNamespace("db").withName("data").get();
              assertThat(claim.getStatus()).isNotNull();
              assertThat(claim.getStatus().getPhase()).isEqualTo("Bound");
              assertThat(claim.getStatus().getAccessModes()).containsExactly("ReadWriteOnce");
              assertThat(claim.getStatus().getCapacity())
                  .containsEntry("storage", new Quantity("10Gi"));
            });
  }

  @Test
  void anIngressGetsAnAddressOfTheLoadBalancerRangeApartFromTheServices() {
    client.resource(ingress("edge", "shop")).create();
    client.resource(ingress("edge", "blog")).create();
    client.resource(Manifests.service("edge", "lb", "lb", "LoadBalancer")).create();

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              String shop = ingressIp("edge", "shop");
              String blog = ingressIp("edge", "blog");
              Service lb = client.services().inNamespace("edge").withName("lb").get();
              assertThat(lb.getStatus()).isNotNull();
              assertThat(lb.getStatus().getLoadBalancer()).isNotNull();
              assertThat(lb.getStatus().getLoadBalancer().getIngress()).isNotEmpty();
              String service = lb.getStatus().getLoadBalancer().getIngress().get(0).getIp();
              assertThat(Arrays.asList(shop, blog, service))
                  .allSatisfy(ip -> assertThat(ip).startsWith("203.0.113."))
                  .doesNotHaveDuplicates();
            });
  }

  private static HorizontalPodAutoscaler autoscaler(
      String namespace, String deployment, int min, int max, String utilization) {
    HorizontalPodAutoscalerBuilder builder =
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withName(deployment)
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName(deployment)
            .endScaleTargetRef()
            .withMinReplicas(min)
            .withMaxReplicas(max)
            .addNewMetric()
            .withType("Resource")
            .withNewResource()
            .withName("cpu")
            .withNewTarget()
            .withType("Utilization")
            .withAverageUtilization(50)
            .endTarget()
            .endResource()
            .endMetric()
            .endSpec();
    if (utilization != null) {
      builder.editMetadata().addToAnnotations(Autoscaling.UTILIZATION, utilization).endMetadata();
    }
    return builder.build();
  }

  private static void annotate(String namespace, String name, String utilization) {
    await()
        .atMost(PATIENCE)
        .ignoreExceptionsMatching(
            e -> e instanceof KubernetesClientException k && k.getCode() == 409)
        .until(
            () -> {
              client
                  .autoscaling()
                  .v2()
                  .horizontalPodAutoscalers()
                  .inNamespace(namespace)
                  .withName(name)
                  .edit(
                      h ->
                          new HorizontalPodAutoscalerBuilder(h)
                              .editMetadata()
                              .addToAnnotations(Autoscaling.UTILIZATION, utilization)
                              .endMetadata()
                              .build());
              return true;
            });
  }

  private static HorizontalPodAutoscaler hpa(String namespace, String name) {
    return client
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .inNamespace(namespace)
        .withName(name)
        .get();
  }

  private static HorizontalPodAutoscalerCondition condition(
      HorizontalPodAutoscaler hpa, String type) {
    assertThat(hpa.getStatus()).isNotNull();
    assertThat(hpa.getStatus().getConditions()).isNotNull();
    return hpa.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + hpa.getStatus()));
  }

  private static int replicas(String namespace, String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  private static int readyReplicas(String namespace, String name) {
    var status =
        client.apps().deployments().inNamespace(namespace).withName(name).get().getStatus();
    return status == null || status.getReadyReplicas() == null ? 0 : status.getReadyReplicas();
  }

  private static Ingress ingress(String namespace, String name) {
    return new IngressBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewSpec()
        .withIngressClassName("nginx")
        .addNewRule()
        .withHost(name + ".example.com")
        .withNewHttp()
        .addNewPath()
        .withPath("/")
        .withPathType("Prefix")
        .withNewBackend()
        .withNewService()
        .withName(name)
        .withNewPort()
        .withNumber(80)
        .endPort()
        .endService()
        .endBackend()
        .endPath()
        .endHttp()
        .endRule()
        .endSpec()
        .build();
  }

  private static String ingressIp(String namespace, String name) {
    Ingress ingress = client.network().v1().ingresses().inNamespace(namespace).withName(name).get();
    if (ingress.getStatus() == null
        || ingress.getStatus().getLoadBalancer() == null
        || ingress.getStatus().getLoadBalancer().getIngress() == null
        || ingress.getStatus().getLoadBalancer().getIngress().isEmpty()) {
      return null;
    }
    return ingress.getStatus().getLoadBalancer().getIngress().get(0).getIp();
  }
}
