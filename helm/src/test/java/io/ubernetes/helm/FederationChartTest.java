package io.ubernetes.helm;

import static io.ubernetes.helm.Pods.env;
import static io.ubernetes.helm.Pods.envValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1LocalObjectReference;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Probe;
import io.kubernetes.client.openapi.models.V1SecretKeySelector;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1TopologySpreadConstraint;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FederationChartTest {
  private static final Chart CHART = Chart.federation();
  private static final String APPLICATION_YAML =
      "federation-api/src/main/resources/application.yaml";

  private static Rendered render(String... valueSets) {
    return CHART.render("ubernetes", "ubernetes", valueSets);
  }

  private static V1PodSpec pod(Rendered rendered) {
    return rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static V1Container container(Rendered rendered) {
    return pod(rendered).getContainers().get(0);
  }

  private static Map<String, Object> applicationYaml(Rendered rendered) {
    return Sources.yaml(rendered.one(V1ConfigMap.class).getData().get("application.yaml"));
  }

  @Test
  void lintsWithoutWarningsInStrictMode() {
    LintResult lint = CHART.lintStrict();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsRenderTheServiceItsServicesAndABudgetForTwoReplicas() {
    Rendered rendered = render();

    assertThat(rendered.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ConfigMap",
            "Service",
            "Service",
            "Deployment",
            "PodDisruptionBudget");
    assertThat(rendered.one(V1Deployment.class).getSpec().getReplicas()).isEqualTo(2);
    assertThat(rendered.one(V1PodDisruptionBudget.class).getSpec().getMinAvailable().getIntValue())
        .isEqualTo(1);
    assertThat(container(rendered).getImage())
        .isEqualTo("ghcr.io/ubernetes/federation-api:" + appVersion());
  }

  @Test
  void probesUseTheActuatorHealthGroupsTheServiceExposes() {
    Map<String, Object> app = Sources.yaml(Sources.read(APPLICATION_YAML));
    assertThat(Sources.at(app, "management.endpoint.health.probes.enabled")).isEqualTo(true);
    assertThat((String) Sources.at(app, "management.endpoints.web.exposure.include"))
        .contains("health", "prometheus");
    assertThat((String) Sources.at(app, "management.endpoint.health.group.readiness.include"))
        .as("readiness follows the database")
        .contains("db");
    V1Container container = container(render());

    assertThat(container.getStartupProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/liveness");
    assertThat(container.getLivenessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/liveness");
    assertThat(container.getReadinessProbe().getHttpGet().getPath())
        .isEqualTo("/actuator/health/readiness");
    for (V1Probe probe :
        List.of(
            container.getStartupProbe(),
            container.getLivenessProbe(),
            container.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
      assertThat(probe.getHttpGet().getPort().getStrValue()).isEqualTo("http");
    }
    assertThat(port(container, "http").getContainerPort())
        .isEqualTo(Integer.parseInt(envValue(container, "SERVER_PORT")));
  }

  @Test
  void listensOnThePodAddressNotOnLoopback() {
    Map<String, Object> app = Sources.yaml(Sources.read(APPLICATION_YAML));
    assertThat(Sources.at(app, "server.address"))
        .as("the service's own default")
        .isEqualTo("127.0.0.1");
    Rendered rendered = render();

    assertThat(envValue(container(rendered), "SERVER_ADDRESS")).isEqualTo("0.0.0.0");
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.address")).isEqualTo("0.0.0.0");
  }

  @Test
  void runsRestrictedWithItsDataDirectoryAndTmpOnEmptyDirs() {
    Rendered rendered = render();
    V1Container container = container(rendered);

    Pods.assertRestricted(pod(rendered));
    String dataDirectory =
        (String) Sources.at(applicationYaml(rendered), "ubernetes.agents.data-directory");
    assertThat(
            Pods.volume(pod(rendered), Pods.mount(container, dataDirectory).getName())
                .getEmptyDir())
        .as("the bootstrap admin token is written under the data directory")
        .isNotNull();
    assertThat(pod(rendered).getAutomountServiceAccountToken()).isFalse();
    assertThat(rendered.one(V1ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void readsItsSettingsFromTheConfigMapAndRollsWhenItChanges() {
    Rendered rendered = render();
    V1Container container = container(rendered);

    assertThat(envValue(container, "SPRING_CONFIG_ADDITIONAL_LOCATION"))
        .isEqualTo("optional:file:/etc/ubernetes/config/");
    assertThat(Pods.mount(container, "/etc/ubernetes/config").getReadOnly()).isTrue();
    assertThat(
            Pods.volume(pod(rendered), Pods.mount(container, "/etc/ubernetes/config").getName())
                .getConfigMap()
                .getName())
        .isEqualTo(rendered.one(V1ConfigMap.class).getMetadata().getName());
    String checksum =
        rendered
            .one(V1Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("checksum/config");
    String changed =
        CHART
            .render("ubernetes", "ubernetes", Map.of("dns.domain", "fleet.example.com"))
            .one(V1Deployment.class)
            .getSpec()
            .getTemplate()
            .getMetadata()
            .getAnnotations()
            .get("checksum/config");
    assertThat(changed).isNotEqualTo(checksum);
  }

  @Test
  void usesTheExternalDatabaseWithThePasswordFromASecret() {
    assertThat(
            Sources.read(
                "federation-api/src/main/java/io/ubernetes/federation/database/EmbeddedPostgresConfiguration.java"))
        .as("the embedded database stays off when a URL is given")
        .contains("NoDataSourceUrl", "spring.datasource.url");
    V1Container container = container(render());

    assertThat(envValue(container, "SPRING_DATASOURCE_URL"))
        .isEqualTo("jdbc:postgresql://postgresql:5432/ubernetes?sslmode=prefer");
    assertThat(envValue(container, "SPRING_DATASOURCE_USERNAME")).isEqualTo("ubernetes");
    assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD"))
        .returns("ubernetes-database", V1SecretKeySelector::getName)
        .returns("password", V1SecretKeySelector::getKey);
    assertThat(secretRef(container, "UBERNETES_AGENTS_JOIN_TOKEN"))
        .returns("ubernetes-join-token", V1SecretKeySelector::getName)
        .returns("token", V1SecretKeySelector::getKey);
  }

  @Test
  void servesDnsOverUdpAndTcpOnPort53() {
    Rendered rendered = render();
    V1Container container = container(rendered);
    V1Service dns = rendered.named(V1Service.class, "ubernetes-dns");

    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.enabled")).isEqualTo(true);
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.port")).isEqualTo(5353);
    assertThat(dns.getSpec().getPorts())
        .extracting(V1ServicePort::getProtocol, V1ServicePort::getPort)
        .containsExactlyInAnyOrder(tuple("UDP", 53), tuple("TCP", 53));
    for (V1ServicePort servicePort : dns.getSpec().getPorts()) {
      V1ContainerPort target = port(container, servicePort.getTargetPort().getStrValue());
      assertThat(target.getProtocol()).isEqualTo(servicePort.getProtocol());
      assertThat(target.getContainerPort()).isEqualTo(5353);
    }
    V1Service http = rendered.named(V1Service.class, "ubernetes");
    assertThat(http.getSpec().getPorts())
        .singleElement()
        .satisfies(
            p ->
                assertThat(port(container, p.getTargetPort().getStrValue()).getContainerPort())
                    .isEqualTo(8080));
    assertThat(http.getSpec().getSelector())
        .isEqualTo(rendered.one(V1Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(dns.getSpec().getSelector()).isEqualTo(http.getSpec().getSelector());
  }

  @Test
  void withoutDnsRendersNoDnsServiceAndNoDnsPorts() {
    Rendered rendered = CHART.render("ubernetes", "ubernetes", Map.of("dns.enabled", false));

    assertThat(rendered.all(V1Service.class)).singleElement();
    assertThat(container(rendered).getPorts())
        .extracting(V1ContainerPort::getName)
        .containsExactly("http");
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.enabled")).isEqualTo(false);
  }

  @Test
  void oneReplicaGetsNoDisruptionBudgetThatWouldBlockNodeDrains() {
    Rendered rendered = CHART.render("ubernetes", "ubernetes", Map.of("replicaCount", 1));

    assertThat(rendered.all(V1PodDisruptionBudget.class)).isEmpty();
    assertThat(rendered.one(V1Deployment.class).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void highlyAvailableServiceAutoscalesSpreadsAndIsScraped() {
    Rendered rendered = render("ha");
    V1Deployment deployment = rendered.one(V1Deployment.class);
    V2HorizontalPodAutoscaler hpa = rendered.one(V2HorizontalPodAutoscaler.class);

    assertThat(deployment.getSpec().getReplicas()).as("the autoscaler owns replicas").isNull();
    assertThat(hpa.getSpec().getScaleTargetRef().getName())
        .isEqualTo(deployment.getMetadata().getName());
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(6);
    assertThat(rendered.one(V1PodDisruptionBudget.class).getSpec().getMinAvailable().getIntValue())
        .isEqualTo(2);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntValue())
        .isZero();
    assertThat(pod(rendered).getTopologySpreadConstraints())
        .singleElement()
        .returns("topology.kubernetes.io/zone", V1TopologySpreadConstraint::getTopologyKey);
    ServiceMonitor monitor = rendered.one(ServiceMonitor.class);
    assertThat(monitor.metadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.endpoints())
        .singleElement()
        .returns("/actuator/prometheus", ServiceMonitor.Endpoint::path)
        .returns("http", ServiceMonitor.Endpoint::port)
        .returns("http", ServiceMonitor.Endpoint::scheme);
    assertThat(rendered.named(V1Service.class, "ubernetes").getMetadata().getLabels())
        .as("the ServiceMonitor selects the HTTP Service")
        .containsAllEntriesOf(monitor.selector().getMatchLabels());
    assertThat(rendered.named(V1Service.class, "ubernetes-dns").getMetadata().getLabels())
        .as("and not the DNS Service")
        .doesNotContainEntry("ubernetes.io/service", "api");
    V1Service dns = rendered.named(V1Service.class, "ubernetes-dns");
    assertThat(dns.getSpec().getType()).isEqualTo("LoadBalancer");
    assertThat(dns.getSpec().getExternalTrafficPolicy()).isEqualTo("Local");
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.name-servers"))
        .isEqualTo(List.of("ns1.fleet.example.com", "ns2.fleet.example.com"));
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.glue-addresses"))
        .isEqualTo(List.of("203.0.113.53", "2001:db8::53"));
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.agents.join-mode"))
        .isEqualTo("approval");
    assertThat(envValue(container(rendered), "SPRING_DATASOURCE_URL"))
        .isEqualTo(
            "jdbc:postgresql://ubernetes-pg-rw.databases.svc:5432/federation?sslmode=require");
    Pods.assertRestricted(pod(rendered));
  }

  @Test
  void tlsServesHttpsFromTheSecretAndProbesFollow() {
    Rendered rendered = render("tls");
    V1Container container = container(rendered);

    assertThat(envValue(container, "SERVER_SSL_BUNDLE")).isEqualTo("ubernetes");
    assertThat(envValue(container, "SPRING_SSL_BUNDLE_PEM_UBERNETES_KEYSTORE_CERTIFICATE"))
        .isEqualTo("/etc/ubernetes/tls/tls.crt");
    assertThat(envValue(container, "SPRING_SSL_BUNDLE_PEM_UBERNETES_KEYSTORE_PRIVATE_KEY"))
        .isEqualTo("/etc/ubernetes/tls/tls.key");
    assertThat(Pods.mount(container, "/etc/ubernetes/tls").getReadOnly()).isTrue();
    assertThat(
            Pods.volume(pod(rendered), Pods.mount(container, "/etc/ubernetes/tls").getName())
                .getSecret()
                .getSecretName())
        .isEqualTo("ubernetes-tls");
    assertThat(
            List.of(
                container.getStartupProbe(),
                container.getLivenessProbe(),
                container.getReadinessProbe()))
        .allSatisfy(probe -> assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS"));
    assertThat(rendered.named(V1Service.class, "ubernetes").getSpec().getPorts())
        .singleElement()
        .returns("https", V1ServicePort::getName)
        .returns(443, V1ServicePort::getPort)
        .returns("https", V1ServicePort::getAppProtocol);
    assertThat(rendered.one(ServiceMonitor.class).endpoints())
        .singleElement()
        .returns("https", ServiceMonitor.Endpoint::scheme);
    assertThat(envValue(container, "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI"))
        .isEqualTo("https://login.example.com/realms/fleet");
    assertThat(env(container, "SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_JWK_SET_URI")).isEmpty();
    assertThat(envValue(container, "UBERNETES_SECURITY_JWT_ROLES_CLAIM"))
        .isEqualTo("ubernetes_roles");
    assertThat(envValue(container, "UBERNETES_SECURITY_JWT_NAMESPACES_CLAIM"))
        .isEqualTo("ubernetes_namespaces");
    assertThat(envValue(container, "UBERNETES_SECURITY_JWT_CLUSTER_SETS_CLAIM"))
        .isEqualTo("ubernetes_cluster_sets");
    // The dashboard signs in with the same issuer, as the public client given here.
    assertThat(envValue(container, "UBERNETES_DASHBOARD_OIDC_CLIENT_ID"))
        .isEqualTo("ubernetes-dashboard");
    assertThat(envValue(container, "UBERNETES_DASHBOARD_OIDC_SCOPES"))
        .isEqualTo("openid,profile,groups,offline_access");
    assertThat(env(container, "UBERNETES_DASHBOARD_OIDC_NAME")).isEmpty();
    Pods.assertRestricted(pod(rendered));
  }

  @Test
  void withoutTlsNoCertificateIsConfigured() {
    V1Container container = container(render());

    assertThat(container.getEnv())
        .extracting(V1EnvVar::getName)
        .noneMatch(name -> name.startsWith("SERVER_SSL") || name.startsWith("SPRING_SSL"))
        .noneMatch(name -> name.startsWith("SPRING_SECURITY_OAUTH2"));
  }

  @Test
  void externalSecretsSupplyTheDatabaseCredentialsAndTheJoinToken() {
    Rendered rendered = render("external-secrets");
    V1Container container = container(rendered);

    assertThat(container.getImage())
        .isEqualTo(
            "registry.example.com/platform/federation-api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    assertThat(pod(rendered).getImagePullSecrets())
        .singleElement()
        .returns("registry-credentials", V1LocalObjectReference::getName);
    assertThat(envValue(container, "SPRING_DATASOURCE_URL"))
        .startsWith("jdbc:postgresql://pg.example.com:5432/ubernetes?sslmode=verify-full");
    assertThat(secretRef(container, "SPRING_DATASOURCE_USERNAME"))
        .returns("federation-db-credentials", V1SecretKeySelector::getName)
        .returns("username", V1SecretKeySelector::getKey);
    assertThat(secretRef(container, "SPRING_DATASOURCE_PASSWORD"))
        .returns("federation-db-credentials", V1SecretKeySelector::getName)
        .returns("password", V1SecretKeySelector::getKey);
    assertThat(secretRef(container, "UBERNETES_AGENTS_JOIN_TOKEN"))
        .returns("federation-agents", V1SecretKeySelector::getName)
        .returns("join-token", V1SecretKeySelector::getKey);
    assertThat(secretRef(container, "UBERNETES_SECURITY_BOOTSTRAP_ADMIN_TOKEN"))
        .returns("federation-admin", V1SecretKeySelector::getName)
        .returns("token", V1SecretKeySelector::getKey);
    assertThat(envValue(container, "LOGGING_LEVEL_IO_UBERNETES")).isEqualTo("DEBUG");
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.scheduler.rebalance-interval"))
        .isEqualTo("10m");
    assertThat(Sources.at(applicationYaml(rendered), "ubernetes.dns.enabled"))
        .as("settings merged, not replaced")
        .isEqualTo(true);
    assertThat(rendered.one(V1ServiceAccount.class).getMetadata().getAnnotations())
        .containsKey("eks.amazonaws.com/role-arn");
  }

  @Test
  void noSecretValueEverAppearsInTheRenderedManifests() {
    for (String valueSet : List.of("ha", "tls", "external-secrets")) {
      V1Container container = container(render(valueSet));
      assertThat(container.getEnv())
          .filteredOn(env -> env.getName().contains("PASSWORD") || env.getName().contains("TOKEN"))
          .isNotEmpty()
          .allSatisfy(env -> assertThat(env.getValue()).isNull());
    }
  }

  private static V1SecretKeySelector secretRef(V1Container container, String name) {
    V1EnvVar env = env(container, name).orElseThrow(() -> new AssertionError("No " + name));
    assertThat(env.getValue()).isNull();
    return env.getValueFrom().getSecretKeyRef();
  }

  private static V1ContainerPort port(V1Container container, String name) {
    return container.getPorts().stream()
        .filter(port -> port.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No container port " + name));
  }

  static String appVersion() {
    return System.getProperty("ubernetes.version", "0.1.0").replace("-SNAPSHOT", "");
  }
}
