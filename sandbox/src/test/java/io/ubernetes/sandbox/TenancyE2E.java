package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.federation.FederationTrust;
import io.ubernetes.sandbox.Kubectl.Result;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two tenants of one sandbox, set up as an admin and the tenants would, with the real kubectl 1.35
 * over HTTPS: the admin groups the default four clusters into the sets {@code eu} (onprem-fra,
 * aws-eu-west, gcp-eu-north) and {@code everywhere}, gives each tenant an operator token granted
 * one set, and a quota; each tenant works through a context of its own in a kubeconfig of its own.
 * {@code shop} is granted {@code eu}, {@code games} {@code everywhere}. The steps build on each
 * other, in order; only the sandbox's fault injection, which kubectl has no verb for, is an HTTP
 * call of its own, as curl sends it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TenancyE2E {
  private static final Set<String> EU = Set.of("onprem-fra", "aws-eu-west", "gcp-eu-north");
  private static final Pattern SHARE = Pattern.compile("([a-z0-9-]+)=(\\d+)");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir static Path data;
  @TempDir static Path home;
  private static ConfigurableApplicationContext sandbox;
  private static Kubectl admin;
  private static Kubectl tenants;
  private static Http control;
  private static MemberSamples shopInMembers;

  @BeforeAll
  static void start() {
    // Downloaded before the sandbox starts: a missing kubectl fails fast, with the command to run.
    KubectlBinary.kubectl();
    sandbox =
        SandboxApplication.run(
            new String[] {
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
              "--ubernetes.kubeconfig.enabled=true",
              "--ubernetes.security.bootstrap-admin-token=" + Http.ADMIN_TOKEN,
              "--ubernetes.sandbox.heartbeat-interval=300ms",
              "--ubernetes.sandbox.start-delay=200ms",
              "--ubernetes.agents.heartbeat-timeout=3s",
              "--ubernetes.agents.health-check-interval=250ms",
              "--ubernetes.scheduler.interval=500ms",
              "--ubernetes.scheduler.failover-grace-period=2s",
              // Longer than the test: a recovered cluster takes nothing new while it looks.
              "--ubernetes.scheduler.recovery-hold-down=5m",
              "--ubernetes.dns.port=0",
              "--spring.main.banner-mode=off",
              "--logging.level.io.ubernetes=warn"
            });
    int port = ((WebServerApplicationContext) sandbox).getWebServer().getPort();
    control =
        new Http(
            URI.create("https://127.0.0.1:" + port),
            Http.ADMIN_TOKEN,
            HttpClient.newBuilder().sslContext(FederationTrust.sslContext(certificate())).build());
    Sandbox members =
        sandbox
            .getBean(SandboxRunner.class)
            .sandbox(PATIENCE)
            .orElseThrow(() -> new IllegalStateException("the sandbox did not start"));
    shopInMembers = new MemberSamples(members, "shop", EU);
    admin = new Kubectl(data.resolve("kubeconfig"), home.resolve("admin"));
    tenants = new Kubectl(home.resolve("tenants.kubeconfig"), home.resolve("tenants"));
    await()
        .atMost(Duration.ofSeconds(90))
        .untilAsserted(
            () -> {
              Result clusters = admin.run("get", "mc", "--no-headers");
              assertThat(clusters.exitCode()).as(clusters.toString()).isZero();
              assertThat(clusters.out().lines().filter(line -> line.contains(" True ")))
                  .as(clusters.toString())
                  .hasSize(4);
            });
  }

  @AfterAll
  static void stop() {
    if (shopInMembers != null) {
      shopInMembers.close();
    }
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void anAdminGroupsTheClustersIntoSetsAndGivesEachTenantAContextOfItsOwn() {
    Result sets =
        admin.withInput(
            """
            apiVersion: ubernetes.io/v1
            kind: ClusterSet
            metadata: {name: eu}
            spec:
              clusterSelector:
                matchExpressions:
                - {key: topology.kubernetes.io/region, operator: In, values: [eu-central, eu-west, eu-north]}
            ---
            apiVersion: ubernetes.io/v1
            kind: ClusterSet
            metadata: {name: everywhere}
            spec: {clusterSelector: {}}
            """,
            "apply",
            "-f",
            "-");
    assertThat(sets.exitCode()).as(sets.toString()).isZero();
    assertThat(sets.out())
        .contains("clusterset.ubernetes.io/eu created")
        .contains("clusterset.ubernetes.io/everywhere created");

    tenant("shop", "eu");
    tenant("games", "everywhere");

    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Result listed = admin.run("get", "cset");
              assertThat(listed.out())
                  .as(listed.toString())
                  .containsPattern("(?m)^eu\\s+3\\s+topology.kubernetes.io/region in ")
                  .containsPattern("(?m)^everywhere\\s+4\\s+<all>\\s");
            });
    assertThat(admin.run("get", "cset", "eu", "-o", "jsonpath={.status.clusters}").out())
        .contains("onprem-fra", "aws-eu-west", "gcp-eu-north")
        .doesNotContain("aws-us-east");
    Result shopMayCreate = shop("auth", "can-i", "create", "federatedworkloads");
    Result shopInGames = shop("auth", "can-i", "create", "federatedworkloads", "-n", "games");
    assertThat(shopMayCreate.out().strip()).as(shopMayCreate.toString()).isEqualTo("yes");
    assertThat(shopInGames.out()).as(shopInGames.toString()).startsWith("no");
  }

  @Test
  @Order(2)
  void eachTenantBindsTheSetItIsGrantedAndShopIsRefusedTheOtherNamingTheGrant() {
    Result shopBindsEu = as("shop", binding("eu"), "create", "-f", "-");
    Result shopBindsEverywhere = as("shop", binding("everywhere"), "create", "-f", "-");
    Result gamesBindsEverywhere = as("games", binding("everywhere"), "create", "-f", "-");

    assertThat(shopBindsEu.exitCode()).as(shopBindsEu.toString()).isZero();
    assertThat(shopBindsEu.out()).contains("clustersetbinding.ubernetes.io/eu created");
    assertThat(shopBindsEverywhere.exitCode()).as(shopBindsEverywhere.toString()).isEqualTo(1);
    assertThat(shopBindsEverywhere.err())
        .contains("Error from server (Forbidden)")
        .contains(
            "binding cluster set \"everywhere\" needs the admin role, or an operator granted it:"
                + " this token's clusterSets do not include \"everywhere\"");
    assertThat(gamesBindsEverywhere.exitCode()).as(gamesBindsEverywhere.toString()).isZero();
    assertThat(shop("get", "csb", "everywhere").err()).contains("NotFound");
    Result mayBindEu = shop("auth", "can-i", "create", "clustersetbindings/eu");
    Result mayBindEverywhere = shop("auth", "can-i", "create", "clustersetbindings/everywhere");
    assertThat(mayBindEu.out().strip()).as(mayBindEu.toString()).isEqualTo("yes");
    assertThat(mayBindEverywhere.exitCode()).as(mayBindEverywhere.toString()).isEqualTo(1);
    assertThat(mayBindEverywhere.out()).startsWith("no");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(shop("get", "csb").out()).containsPattern("(?m)^eu\\s+eu\\s+True\\s");
              assertThat(games("get", "csb").out())
                  .containsPattern("(?m)^everywhere\\s+everywhere\\s+True\\s");
            });
  }

  @Test
  @Order(3)
  void anAdminGivesEachTenantAQuotaTheTenantReadsButCannotRaise() {
    Result quotas =
        admin.withInput(quota("shop", 8) + "---\n" + quota("games", 20), "apply", "-f", "-");
    Result raised = as("shop", quota("shop", 100), "apply", "-f", "-");
    Result patched =
        shop(
            "patch",
            "frq",
            "compute",
            "--type=merge",
            "-p",
            "{\"spec\":{\"hard\":{\"pods\":\"100\"}}}");

    assertThat(quotas.exitCode()).as(quotas.toString()).isZero();
    assertThat(quotas.out()).contains("federatedresourcequota.ubernetes.io/compute created");
    assertThat(raised.exitCode()).as(raised.toString()).isEqualTo(1);
    assertThat(raised.err())
        .contains("Error from server (Forbidden)")
        .contains("writing them needs the admin role, or an operator confined to no namespace");
    assertThat(patched.exitCode()).as(patched.toString()).isEqualTo(1);
    assertThat(patched.err()).contains("Error from server (Forbidden)");
    Result read = shop("get", "frq", "compute", "-o", "jsonpath={.spec.hard.pods}");
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(read.out()).isEqualTo("8");
  }

  @Test
  @Order(4)
  void shopsReplicasLandOnlyInTheEuAndGamesAnywhere() {
    Result web = as("shop", workload("web", 6, 3, ""), "create", "-f", "-");
    Result arcade = as("games", workload("arcade", 8, 2, ""), "create", "-f", "-");
    assertThat(web.exitCode()).as(web.toString()).isZero();
    assertThat(arcade.exitCode()).as(arcade.toString()).isZero();

    Map<String, Integer> shop = awaitPlaced(TenancyE2E::shop, "web", 6);
    Map<String, Integer> games = awaitPlaced(TenancyE2E::games, "arcade", 8);

    assertThat(EU).containsAll(shop.keySet());
    assertThat(shop.values()).allSatisfy(replicas -> assertThat(replicas).isLessThanOrEqualTo(3));
    // At most two a cluster: games needs all four, aws-us-east included.
    assertThat(games)
        .isEqualTo(Map.of("onprem-fra", 2, "aws-eu-west", 2, "gcp-eu-north", 2, "aws-us-east", 2));
    assertThat(statusClusters(TenancyE2E::shop, "web")).isEqualTo(shop);
  }

  @Test
  @Order(5)
  void aWriteBeyondTheQuotaIsForbiddenInKubernetesWordsAndGetFrqShowsWhatIsUsed() {
    Result big = as("shop", workload("big", 4, 4, ""), "create", "-f", "-");

    assertThat(big.exitCode()).as(big.toString()).isEqualTo(1);
    assertThat(big.err())
        .contains(
            "Error from server (Forbidden): error when creating \"STDIN\":"
                + " federatedworkloads.ubernetes.io \"big\" is forbidden: exceeded quota: compute,"
                + " requested: pods=4, used: pods=6, limited: pods=8");
    assertThat(shop("get", "fw", "big").err()).contains("NotFound");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              Result quota = shop("get", "frq");
              assertThat(quota.out())
                  .as(quota.toString())
                  .startsWith("NAME")
                  .containsPattern(
                      "(?m)^compute\\s+count/federatedworkloads: 1/3, pods: 6/8,"
                          + " requests.cpu: 600m/2\\s+count/federatedworkloads: 1/3, pods: 6/8,"
                          + " requests.cpu: 600m/2\\s");
            });
  }

  @Test
  @Order(6)
  void aShopWorkloadAskingForAClusterOutsideItsSetIsNotPlacedAndSaysWhy() {
    String usEast =
        "  placement:\n    clusterSelector:\n      matchLabels: {topology.kubernetes.io/region: us-east}\n";
    Result east = as("shop", workload("east", 1, 1, usEast), "create", "-f", "-");
    assertThat(east.exitCode()).as(east.toString()).isZero();

    Result scheduled = shop("wait", "fw/east", "--for=condition=Scheduled=False", "--timeout=60s");
    String message =
        shop(
                "get",
                "fw",
                "east",
                "-o",
                "jsonpath={.status.conditions[?(@.type==\"Scheduled\")].message}")
            .out();

    assertThat(scheduled.exitCode()).as(scheduled.toString()).isZero();
    assertThat(message).contains("not in a cluster set bound to namespace shop");
    assertThat(statusClusters(TenancyE2E::shop, "east").values())
        .allSatisfy(n -> assertThat(n).isZero());
    // Charged when written, as a ResourceQuota charges a pod it admits; placed nowhere.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(
                      shop("get", "frq", "compute", "-o", "jsonpath={.status.admitted.pods}").out())
                  .isEqualTo("7");
              assertThat(shop("get", "frq", "compute", "-o", "jsonpath={.status.used.pods}").out())
                  .isEqualTo("6");
            });
  }

  @Test
  @Order(7)
  void aFailedEuClusterMovesShopsReplicasToTheOtherEuClustersWithinTheQuota() {
    Map<String, Integer> before = statusClusters(TenancyE2E::shop, "web");
    String failed =
        before.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .max(Map.Entry.comparingByValue())
            .orElseThrow()
            .getKey();
    List<JsonNode> quotaSamples = new CopyOnWriteArrayList<>();
    List<Map<String, Integer>> placements = new CopyOnWriteArrayList<>();

    assertThat(control.post("/sandbox/clusters/" + failed + ":fail", "").status()).isEqualTo(200);
    try {
      Map<String, Integer> after =
          await()
              .atMost(PATIENCE.plusSeconds(30))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> {
                    quotaSamples.add(quotaStatus());
                    Map<String, Integer> placed = statusClusters(TenancyE2E::shop, "web");
                    placements.add(placed);
                    return placed;
                  },
                  placed ->
                      !placed.containsKey(failed)
                          && placed.values().stream().mapToInt(Integer::intValue).sum() == 6);
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () -> {
                quotaSamples.add(quotaStatus());
                assertThat(shop("get", "fw", "web", "-o", "jsonpath={.status.readyReplicas}").out())
                    .isEqualTo("6");
              });
      JsonNode settled = quotaStatus();

      Set<String> otherEu = new HashSet<>(EU);
      otherEu.remove(failed);
      assertThat(otherEu).containsAll(after.keySet());
      assertThat(placements).allSatisfy(placed -> assertThat(EU).containsAll(placed.keySet()));
      assertThat(wide(TenancyE2E::shop, "web")).isEqualTo(after);
      // A failover is no make-before-break move (the failed cluster runs nothing the federation can
      // count), so no surplus shows here; what is used never passes the quota, sampled throughout.
      assertThat(quotaSamples)
          .allSatisfy(
              status -> {
                assertThat(status.at("/used/pods").asInt(0)).isLessThanOrEqualTo(8);
                assertThat(status.path("clusters").valueStream())
                    .noneSatisfy(
                        cluster ->
                            assertThat(cluster.path("name").asString()).isEqualTo("aws-us-east"));
              });
      assertThat(settled.at("/used/pods").asString()).isEqualTo("6");
      Map<String, Integer> perCluster = new TreeMap<>();
      for (JsonNode cluster : settled.path("clusters")) {
        perCluster.put(cluster.path("name").asString(), cluster.at("/used/pods").asInt());
      }
      assertThat(perCluster).doesNotContainKey("aws-us-east").doesNotContainKey(failed);
      assertThat(perCluster.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6);
      // Never, at any sample of the members since the sandbox started, outside the EU.
      assertThat(shopInMembers.outside()).isEmpty();
      assertThat(shopInMembers.now("aws-us-east")).isEmpty();
    } finally {
      control.post("/sandbox/clusters/" + failed + ":recover", "");
    }
  }

  /** An operator token of {@code namespace} granted {@code set}, in a context of the same name. */
  private static void tenant(String namespace, String set) {
    String token =
        admin.issueToken(
            """
            {"name": "%1$s", "role": "operator", "namespaces": ["%1$s"], "clusterSets": ["%2$s"],
             "expiresIn": "1d"}
            """
                .formatted(namespace, set));
    String file = "--kubeconfig=" + home.resolve("tenants.kubeconfig");
    String server =
        "https://127.0.0.1:" + ((WebServerApplicationContext) sandbox).getWebServer().getPort();
    for (Result step :
        List.of(
            admin.run(
                "config",
                "set-cluster",
                "ubernetes",
                file,
                "--server=" + server,
                "--certificate-authority=" + certificate()),
            admin.run("config", "set-credentials", namespace, file, "--token=" + token),
            admin.run(
                "config",
                "set-context",
                namespace,
                file,
                "--cluster=ubernetes",
                "--user=" + namespace,
                "--namespace=" + namespace))) {
      assertThat(step.exitCode()).as(step.toString()).isZero();
    }
  }

  private static Result shop(String... args) {
    return as("shop", null, args);
  }

  private static Result games(String... args) {
    return as("games", null, args);
  }

  /** kubectl in the tenant's context of the tenants' kubeconfig, with {@code stdin} for -f -. */
  private static Result as(String context, String stdin, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--context=" + context;
    System.arraycopy(args, 0, all, 1, args.length);
    return tenants.run(Map.of(), stdin, all);
  }

  /** A tenant's kubectl: {@code get}, {@code wait} and the rest in its own context. */
  @FunctionalInterface
  private interface Tenant {
    Result run(String... args);
  }

  /** Waits until the workload's replicas are all placed; where they are, per cluster. */
  private static Map<String, Integer> awaitPlaced(Tenant tenant, String name, int replicas) {
    return await()
        .atMost(PATIENCE)
        .until(
            () -> statusClusters(tenant, name),
            placed -> placed.values().stream().mapToInt(Integer::intValue).sum() == replicas);
  }

  /** {@code status.clusters}: replicas per cluster. */
  private static Map<String, Integer> statusClusters(Tenant tenant, String name) {
    Result result =
        tenant.run(
            "get",
            "fw",
            name,
            "-o",
            "jsonpath={range .status.clusters[*]}{.name}={.replicas}{\"\\n\"}{end}");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return shares(result.out());
  }

  /** The {@code WHERE} column of {@code kubectl get fw -o wide}. */
  private static Map<String, Integer> wide(Tenant tenant, String name) {
    Result result = tenant.run("get", "fw", name, "-o", "wide", "--no-headers");
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return shares(result.out());
  }

  private static Map<String, Integer> shares(String text) {
    Map<String, Integer> shares = new TreeMap<>();
    Matcher share = SHARE.matcher(text);
    while (share.find()) {
      shares.put(share.group(1), Integer.parseInt(share.group(2)));
    }
    return shares;
  }

  /** The shop's quota's status, as {@code kubectl get frq -o json} shows it to the tenant. */
  private static JsonNode quotaStatus() {
    Result quota = shop("get", "frq", "compute", "-o", "json");
    assertThat(quota.exitCode()).as(quota.toString()).isZero();
    return JSON.readTree(quota.out()).path("status");
  }

  private static Path certificate() {
    return data.resolve("tls/sandbox-tls.crt").toAbsolutePath();
  }

  private static String binding(String set) {
    return """
        apiVersion: ubernetes.io/v1
        kind: ClusterSetBinding
        metadata: {name: %1$s}
        spec: {clusterSet: %1$s}
        """
        .formatted(set);
  }

  private static String quota(String namespace, int pods) {
    return """
        apiVersion: ubernetes.io/v1
        kind: FederatedResourceQuota
        metadata: {name: compute, namespace: %s}
        spec:
          hard: {pods: "%d", requests.cpu: "2", count/federatedworkloads: "3"}
        """
        .formatted(namespace, pods);
  }

  /**
   * A Deployment of {@code replicas} × (100m, 64Mi), at most {@code perCluster} in a cluster, and
   * {@code placement} (YAML under {@code spec}) instead when not empty.
   */
  private static String workload(String name, int replicas, int perCluster, String placement) {
    return """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata: {name: %1$s}
        spec:
          replicas: %2$d
          template:
            apiVersion: apps/v1
            kind: Deployment
            spec:
              selector: {matchLabels: {app: %1$s}}
              template:
                metadata: {labels: {app: %1$s}}
                spec:
                  containers:
                  - name: app
                    image: nginx:1.27
                    resources: {requests: {cpu: 100m, memory: 64Mi}}
        %3$s"""
        .formatted(
            name,
            replicas,
            placement.isEmpty()
                ? "  placement: {maxReplicasPerCluster: " + perCluster + "}\n"
                : placement);
  }
}
