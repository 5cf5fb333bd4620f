package io.ubernetes.helm;

import static io.ubernetes.helm.Pods.env;
import static io.ubernetes.helm.Pods.envValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import io.kubernetes.client.openapi.models.RbacV1Subject;
import io.kubernetes.client.openapi.models.V1ClusterRole;
import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import io.kubernetes.client.openapi.models.V1Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MemberAgentChartTest {
  private static final Chart CHART = Chart.memberAgent();
  private static final String AGENT = "member-agent/src/main/java/io/ubernetes/agent/";

  /** What the agent does to the kinds it applies: apply or update, watch for drift, delete. */
  private static final List<String> MANAGED_VERBS =
      List.of("get", "list", "watch", "create", "update", "patch", "delete");

  private static Rendered render(String... valueSets) {
    return CHART.render("onprem-fra", "ubernetes-system", valueSets);
  }

  private static V1PodSpec pod(Rendered rendered) {
    return rendered.one(V1Deployment.class).getSpec().getTemplate().getSpec();
  }

  private static V1Container container(Rendered rendered) {
    return pod(rendered).getContainers().get(0);
  }

  @Test
  void lintsWithoutWarningsInStrictMode() {
    LintResult lint = CHART.lintStrict();

    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsRenderOneAgentWithItsAccountAndPermissions() {
    Rendered rendered = render();
    V1Deployment deployment = rendered.one(V1Deployment.class);

    assertThat(rendered.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount",
            "ClusterRole",
            "ClusterRoleBinding",
            "Role",
            "RoleBinding",
            "Deployment");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getStrategy().getType())
        .as("never two agents at once")
        .isEqualTo("Recreate");
    assertThat(container(rendered).getImage())
        .isEqualTo("ghcr.io/ubernetes/member-agent:" + FederationChartTest.appVersion());
    assertThat(pod(rendered).getServiceAccountName())
        .isEqualTo(rendered.one(V1ServiceAccount.class).getMetadata().getName());
  }

  @Test
  void configuresTheAgentThroughTheVariablesItReads() {
    String loader = Sources.read(AGENT + "AgentConfigLoader.java");
    V1Container container = container(render("restricted-kinds"));

    List<String> unknown = new ArrayList<>();
    for (V1EnvVar env : container.getEnv()) {
      if (env.getName().startsWith("UBERNETES_") && !loader.contains("\"" + env.getName() + "\"")) {
        unknown.add(env.getName());
      }
    }
    assertThat(unknown).as("variables the agent does not read").isEmpty();
    assertThat(envValue(container, "UBERNETES_FEDERATION_URL"))
        .isEqualTo("https://federation.example.com");
    assertThat(envValue(container, "UBERNETES_CLUSTER_NAME")).isEqualTo("aws-eu-west-1a");
    assertThat(envValue(container, "UBERNETES_REGION")).isEqualTo("eu-west-1");
    assertThat(envValue(container, "UBERNETES_ZONE")).isEqualTo("eu-west-1a");
    assertThat(envValue(container, "UBERNETES_PROVIDER")).isEqualTo("aws");
    assertThat(envValue(container, "UBERNETES_TIER")).isEqualTo("public");
    assertThat(envValue(container, "UBERNETES_APPLY_MODE")).isEqualTo("update");
    assertThat(envValue(container, "UBERNETES_HEARTBEAT_INTERVAL")).isEqualTo("5s");
    assertThat(envValue(container, "UBERNETES_STATE_NAMESPACE")).isEqualTo("ubernetes-system");
  }

  @Test
  void clusterNameDefaultsToTheReleaseAndLocationToTheNodes() {
    V1Container container = container(render());

    assertThat(envValue(container, "UBERNETES_CLUSTER_NAME")).isEqualTo("onprem-fra");
    assertThat(env(container, "UBERNETES_REGION")).isEmpty();
    assertThat(env(container, "UBERNETES_ZONE")).isEmpty();
    assertThat(env(container, "UBERNETES_FEDERATION_CA_FILE")).isEmpty();
    V1EnvVar token = env(container, "UBERNETES_JOIN_TOKEN").orElseThrow();
    assertThat(token.getValue()).isNull();
    assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ubernetes-join-token");
    assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
  }

  @Test
  void aReleaseNameThatIsNoClusterNameIsRefusedWithTheRule() {
    String failure = CHART.renderFailure("eu.cluster", Map.of());

    assertThat(failure).contains("cluster.name", "must be a DNS-1123 label");
  }

  @Test
  void probesUseTheAgentsHealthEndpointsOnThePodAddress() {
    String health = Sources.read(AGENT + "HealthServer.java");
    assertThat(health).contains("\"/healthz\"", "\"/readyz\"");
    V1Container container = container(render());

    String address = envValue(container, "UBERNETES_HEALTH_ADDRESS");
    assertThat(address).startsWith("0.0.0.0:");
    int port = Integer.parseInt(address.substring(address.indexOf(':') + 1));
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("health");
              assertThat(p.getContainerPort()).isEqualTo(port);
            });
    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(
            List.of(
                container.getStartupProbe(),
                container.getLivenessProbe(),
                container.getReadinessProbe()))
        .allSatisfy(
            probe -> assertThat(probe.getHttpGet().getPort().getStrValue()).isEqualTo("health"));
  }

  @Test
  void runsRestricted() {
    Rendered rendered = render();

    Pods.assertRestricted(pod(rendered));
    assertThat(pod(rendered).getAutomountServiceAccountToken())
        .as("the agent talks to its cluster's API")
        .isTrue();
  }

  @Test
  void clusterRoleGrantsTheManagedKindsAndOnlyTheReadsTheAgentMakes() {
    V1ClusterRole role = render().one(V1ClusterRole.class);

    assertThat(rules(role))
        .containsExactlyInAnyOrder(
            rule("", "configmaps", MANAGED_VERBS),
            rule("", "persistentvolumeclaims", MANAGED_VERBS),
            rule("", "serviceaccounts", MANAGED_VERBS),
            rule("", "services", MANAGED_VERBS),
            rule("apps", "daemonsets", MANAGED_VERBS),
            rule("apps", "deployments", MANAGED_VERBS),
            rule("apps", "replicasets", MANAGED_VERBS),
            rule("apps", "statefulsets", MANAGED_VERBS),
            rule("autoscaling", "horizontalpodautoscalers", MANAGED_VERBS),
            rule("batch", "cronjobs", MANAGED_VERBS),
            rule("batch", "jobs", MANAGED_VERBS),
            rule("networking.k8s.io", "ingresses", MANAGED_VERBS),
            rule("networking.k8s.io", "networkpolicies", MANAGED_VERBS),
            rule("policy", "poddisruptionbudgets", MANAGED_VERBS),
            // Namespaces of the workloads, created when missing; never listed or deleted.
            rule("", "namespaces", List.of("get", "create")),
            // Capacity.
            rule("", "nodes", List.of("list")),
            rule("", "pods", List.of("list")),
            // Service endpoints.
            rule("discovery.k8s.io", "endpointslices", List.of("list")));
    assertThat(rules(role))
        .as("Secrets are not granted across the cluster by default")
        .noneMatch(r -> r.resource().equals("secrets"));
  }

  @Test
  void aRestrictedKindListGrantsOnlyThoseKinds() {
    Rendered rendered = render("restricted-kinds");

    assertThat(rules(rendered.one(V1ClusterRole.class)))
        .containsExactlyInAnyOrder(
            rule("apps", "deployments", MANAGED_VERBS),
            rule("", "services", MANAGED_VERBS),
            rule("", "namespaces", List.of("get", "create")),
            rule("", "nodes", List.of("list")),
            rule("", "pods", List.of("list")),
            rule("discovery.k8s.io", "endpointslices", List.of("list")));
  }

  @Test
  void itsStateIsWritableOnlyInItsOwnNamespace() {
    Rendered rendered = render();
    V1Role role = rendered.one(V1Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo("ubernetes-system");
    assertThat(rules(role))
        .containsExactlyInAnyOrder(
            // DesiredStateStore: the state ConfigMap and its chunks, listed by label, old chunks
            // deleted.
            rule("", "configmaps", List.of("get", "list", "create", "update", "delete")),
            // CredentialStore: created or updated, the credential removed by a JSON patch.
            rule("", "secrets", List.of("get", "create", "update", "patch")));
    assertThat(envValue(container(rendered), "UBERNETES_STATE_NAMESPACE"))
        .isEqualTo(role.getMetadata().getNamespace());
  }

  @Test
  void bindingsGrantTheRolesToTheAgentsAccountOnly() {
    Rendered rendered = render();
    V1ServiceAccount account = rendered.one(V1ServiceAccount.class);
    RbacV1Subject subject =
        new RbacV1Subject()
            .kind("ServiceAccount")
            .name(account.getMetadata().getName())
            .namespace("ubernetes-system");

    V1ClusterRoleBinding clusterBinding = rendered.one(V1ClusterRoleBinding.class);
    assertThat(clusterBinding.getSubjects()).containsExactly(subject);
    assertThat(clusterBinding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(rendered.one(V1ClusterRole.class).getMetadata().getName());
    V1RoleBinding binding = rendered.one(V1RoleBinding.class);
    assertThat(binding.getSubjects()).containsExactly(subject);
    assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(rendered.one(V1Role.class).getMetadata().getName());
  }

  @Test
  void withoutRbacItRendersNoRoles() {
    Rendered rendered =
        CHART.render(
            "onprem-fra",
            "ubernetes-system",
            Map.of(
                "rbac.create",
                false,
                "serviceAccount.create",
                false,
                "serviceAccount.name",
                "agent"));

    assertThat(rendered.kinds()).containsExactly("Deployment");
    assertThat(pod(rendered).getServiceAccountName()).isEqualTo("agent");
  }

  @Test
  void aCaBundleFromASecretIsMountedWhereTheAgentLooks() {
    Rendered rendered = render("ca-secret");
    V1Container container = container(rendered);

    String caFile = envValue(container, "UBERNETES_FEDERATION_CA_FILE");
    assertThat(caFile).isEqualTo("/etc/ubernetes/ca/ca.pem");
    V1Volume volume =
        Pods.volume(pod(rendered), Pods.mount(container, "/etc/ubernetes/ca").getName());
    assertThat(volume.getSecret().getSecretName()).isEqualTo("federation-ca");
    assertThat(volume.getSecret().getItems())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.getKey()).isEqualTo("ca.pem");
              assertThat("/etc/ubernetes/ca/" + item.getPath()).isEqualTo(caFile);
            });
    assertThat(Pods.mount(container, "/etc/ubernetes/ca").getReadOnly()).isTrue();
    Pods.assertRestricted(pod(rendered));
  }

  @Test
  void anInlineCaBundleBecomesAConfigMap() {
    Rendered rendered = render("ca-pem");
    V1Container container = container(rendered);
    V1ConfigMap bundle = rendered.one(V1ConfigMap.class);

    assertThat(bundle.getData().get("ca.crt"))
        .startsWith("-----BEGIN CERTIFICATE-----")
        .endsWith("-----END CERTIFICATE-----\n");
    assertThat(envValue(container, "UBERNETES_FEDERATION_CA_FILE"))
        .isEqualTo("/etc/ubernetes/ca/ca.crt");
    assertThat(
            Pods.volume(pod(rendered), Pods.mount(container, "/etc/ubernetes/ca").getName())
                .getConfigMap()
                .getName())
        .isEqualTo(bundle.getMetadata().getName());
  }

  @Test
  void twoCaBundlesAreRefused() {
    String failure =
        CHART.renderFailure(
            "onprem-fra",
            Map.of("federation.ca.existingSecret", "ca", "federation.ca.existingConfigMap", "ca"),
            "ca-pem");

    assertThat(failure)
        .contains("federation.ca: give at most one of pem, existingConfigMap and existingSecret");
  }

  /** One resource of one API group with its verbs, sorted. */
  private record Rule(String apiGroup, String resource, Set<String> verbs) {}

  private static Rule rule(String apiGroup, String resource, List<String> verbs) {
    return new Rule(apiGroup, resource, new TreeSet<>(verbs));
  }

  private static List<Rule> rules(V1ClusterRole role) {
    return flatten(role.getRules());
  }

  private static List<Rule> rules(V1Role role) {
    return flatten(role.getRules());
  }

  /** One rule per group and resource, failing on wildcards, resource names and URLs. */
  private static List<Rule> flatten(List<V1PolicyRule> policy) {
    List<Rule> rules = new ArrayList<>();
    for (V1PolicyRule rule : policy) {
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      assertThat(rule.getResourceNames()).isNullOrEmpty();
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getResources()).noneMatch(r -> r.contains("*") || r.contains("/"));
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          rules.add(rule(group, resource, rule.getVerbs()));
        }
      }
    }
    return rules;
  }
}
