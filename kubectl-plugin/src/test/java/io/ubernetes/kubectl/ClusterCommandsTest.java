package io.ubernetes.kubectl;

import static io.ubernetes.kubectl.Fixtures.API;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.ubernetes.kubectl.Federation.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code join}, {@code approve}/{@code deny}, {@code cordon}/{@code uncordon} and {@code drain}:
 * the requests they send, what they print and how they end.
 */
class ClusterCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FRA = API + "memberclusters/onprem-fra";
  private Federation federation;

  @BeforeEach
  void start() throws IOException {
    federation = new Federation();
  }

  @AfterEach
  void stop() {
    federation.close();
  }

  @Test
  void joinPrintsTheAgentChartsInstallCommandsWithTheContextsServerAndTheLocation() {
    Run join =
        federation.run(
            "join",
            "azure-eu-west",
            "--region",
            "eu-west",
            "--tier",
            "cloud",
            "--join-token",
            "ubj_secret");

    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out())
        .isEqualTo(
            """
            # Run with kubectl and helm pointed at the new cluster azure-eu-west, from a checkout of Ubernetes.
            kubectl create namespace ubernetes-system
            kubectl -n ubernetes-system create secret generic ubernetes-join-token --from-literal=token=ubj_secret
            helm -n ubernetes-system install azure-eu-west helm/member-agent \\
              --set federation.url=%s \\
              --set cluster.name=azure-eu-west \\
              --set cluster.region=eu-west \\
              --set cluster.tier=cloud
            """
                .formatted(federation.url().substring(0, federation.url().length() - 1)));
    assertThat(federation.writes()).isEmpty();
  }

  @Test
  void joinPassesTheContextsCertificateAuthorityToTheChartAsAFile() {
    JoinCommand join = new JoinCommand();
    join.name = "azure-eu-west";
    Config withCa =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://fed.example:8443/")
            .withCaCertData("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==")
            .build();

    String commands;
    try (FederationClient client = new FederationClient(withCa)) {
      commands = join.installCommands(client, null);
    }

    assertThat(commands)
        .contains("echo LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg== | base64 -d > ubernetes-ca.crt\n")
        .contains("--set federation.url=https://fed.example:8443 \\\n")
        .endsWith("  --set-file federation.ca.pem=ubernetes-ca.crt\n");
  }

  @Test
  void joinAsksTheFederationForAFreshTokenBoundToTheClusterAndPrintsItWithItsExpiry()
      throws Exception {
    federation.answer(
        "POST /api/v1/jointokens",
        201,
        """
        {"token": "ubj_abcdefghijkl_fresh-secret-0123456789",
         "metadata": {"id": "abcdefghijkl", "cluster": "azure-eu-west",
                      "expiresAt": "2026-12-07T19:30:00Z"}}
        """);

    Run join =
        federation.run(
            "join", "azure-eu-west", "--ttl", "30m", "--federation-url", "https://fed.example");

    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out())
        .isEqualTo(
            """
            # Run with kubectl and helm pointed at the new cluster azure-eu-west, from a checkout of Ubernetes.
            # The join token joins cluster azure-eu-west once; it expires at 2026-12-07T19:30:00Z.
            kubectl create namespace ubernetes-system
            kubectl -n ubernetes-system create secret generic ubernetes-join-token --from-literal=token=ubj_abcdefghijkl_fresh-secret-0123456789
            helm -n ubernetes-system install azure-eu-west helm/member-agent \\
              --set federation.url=https://fed.example \\
              --set cluster.name=azure-eu-west
            """);
    assertThat(federation.writes()).containsExactly("POST /api/v1/jointokens");
    Federation.Request asked = federation.requests.get(federation.requests.size() - 1);
    assertThat(asked.contentType()).startsWith("application/json");
    JsonNode body = JSON.readTree(asked.body());
    assertThat(body.path("cluster").asText()).isEqualTo("azure-eu-west");
    assertThat(body.path("ttl").asText()).isEqualTo("30m");
  }

  @Test
  void joinAsksForAnHoursTokenUnlessToldOtherwise() throws Exception {
    federation.answer(
        "POST /api/v1/jointokens",
        201,
        "{\"token\": \"ubj_x\", \"metadata\": {\"expiresAt\": \"2026-12-07T19:00:00Z\"}}");

    Run join = federation.run("join", "azure-eu-west");

    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(
            JSON.readTree(federation.requests.get(federation.requests.size() - 1).body())
                .path("ttl")
                .asText())
        .isEqualTo("1h");
  }

  @Test
  void joinWithANonAdminsCredentialsExitsOneWithTheFederationsWords() {
    federation.answer(
        "POST /api/v1/jointokens",
        403,
        "{\"status\": 403, \"detail\": \"tokens, join tokens and the audit log are for admins\"}");

    Run join = federation.run("join", "azure-eu-west");

    assertThat(join.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(join.out()).isEmpty();
    assertThat(join.err())
        .isEqualTo(
            "error: the federation refused to act on the join token: forbidden (the kubeconfig's"
                + " user may not do this): tokens, join tokens and the audit log are for admins\n");
  }

  @Test
  void joinWithAFederationThatIssuesNoJoinTokensLeavesTheTokenToTheShellAndSaysWhereItIs() {
    Run join = federation.run("join", "azure-eu-west", "--federation-url", "https://fed.example");

    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out())
        .contains("--from-literal=token=\"$UBERNETES_JOIN_TOKEN\"")
        .contains("<data directory>/join-token")
        .contains("--set federation.url=https://fed.example");
  }

  @Test
  void joinInTheSandboxAddsASimulatedClusterAndWaitsUntilItIsReady() throws Exception {
    federation
        .answer("/sandbox/clusters", "[{\"name\": \"onprem-fra\"}]")
        .answer("POST /sandbox/clusters", 201, "{\"name\": \"azure-eu-west\"}")
        .answerInTurn(
            API + "memberclusters/azure-eu-west",
            "{\"status\": {\"conditions\": [{\"type\": \"Ready\", \"status\": \"Unknown\"}]}}",
            "{\"status\": {\"conditions\": [{\"type\": \"Ready\", \"status\": \"True\"}]}}");

    Run join =
        federation.run(
            "join",
            "azure-eu-west",
            "--region",
            "eu-west",
            "--zone",
            "eu-west-2",
            "--provider",
            "azure",
            "--label",
            "ubernetes.io/rollout-ring=canary");

    assertThat(join.exitCode()).as(join.err()).isZero();
    assertThat(join.out())
        .isEqualTo("sandbox cluster azure-eu-west added\nmembercluster/azure-eu-west Ready\n");
    assertThat(federation.writes()).containsExactly("POST /sandbox/clusters");
    JsonNode added =
        JSON.readTree(
            federation.requests.stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow()
                .body());
    assertThat(added.path("name").asText()).isEqualTo("azure-eu-west");
    assertThat(added.path("region").asText()).isEqualTo("eu-west");
    assertThat(added.path("zone").asText()).isEqualTo("eu-west-2");
    assertThat(added.path("provider").asText()).isEqualTo("azure");
    assertThat(added.path("labels").path("ubernetes.io/rollout-ring").asText()).isEqualTo("canary");
    assertThat(added.has("tier")).isFalse();
  }

  @Test
  void joinInTheSandboxExitsOneWhenTheClusterIsNotReadyInTimeOrTheSandboxRefuses() {
    federation
        .answer("/sandbox/clusters", "[]")
        .answer("POST /sandbox/clusters", 201, "{}")
        .answer(
            API + "memberclusters/slow",
            "{\"status\": {\"conditions\": [{\"type\": \"Ready\", \"status\": \"False\"}]}}");

    Run slow = federation.run("join", "slow", "--timeout", "50ms");
    federation.answer(
        "POST /sandbox/clusters",
        409,
        "{\"status\": 409, \"detail\": \"a cluster named \\\"slow\\\" exists\"}");
    Run clash = federation.run("join", "slow");

    assertThat(slow.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(slow.err()).isEqualTo("error: member cluster slow is not Ready after PT0.05S\n");
    assertThat(clash.exitCode()).isEqualTo(1);
    assertThat(clash.err())
        .contains(
            "the federation refused to act on the sandbox cluster slow: HTTP 409: a cluster"
                + " named \"slow\" exists");
  }

  @Test
  void approveAndDenyPostTheDecisionAndAClusterNoRequestWaitsForIsNotFound() {
    federation
        .answer("POST /api/v1/clusters/azure-eu-west:approve", 200, "{}")
        .answer("POST /api/v1/clusters/rogue:deny", 200, "{}")
        .answer(
            "POST /api/v1/clusters/gone:approve",
            404,
            "{\"status\": 404, \"detail\": \"MemberCluster \\\"gone\\\" not found\"}");

    Run approve = federation.run("approve", "azure-eu-west");
    Run deny = federation.run("deny", "rogue");
    Run gone = federation.run("approve", "gone");

    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.out()).isEqualTo("membercluster/azure-eu-west approved\n");
    assertThat(deny.out()).isEqualTo("membercluster/rogue denied\n");
    assertThat(gone.exitCode()).isEqualTo(Ubernetes.NOT_FOUND);
    assertThat(gone.err())
        .isEqualTo("error: cluster gone not found: MemberCluster \"gone\" not found\n");
    assertThat(federation.writes())
        .containsExactly(
            "POST /api/v1/clusters/azure-eu-west:approve",
            "POST /api/v1/clusters/rogue:deny",
            "POST /api/v1/clusters/gone:approve");
  }

  @Test
  void cordonAndUncordonMergePatchSpecUnschedulable() {
    federation.answer("PATCH " + FRA, 200, "{}");

    Run cordon = federation.run("cordon", "onprem-fra");
    Run uncordon = federation.run("uncordon", "onprem-fra");
    Run refused = federation.runAgainst(federation.url(), "cordon", "nowhere");

    assertThat(cordon.exitCode()).as(cordon.err()).isZero();
    assertThat(cordon.out()).isEqualTo("membercluster/onprem-fra cordoned\n");
    assertThat(uncordon.out()).isEqualTo("membercluster/onprem-fra uncordoned\n");
    assertThat(federation.requests)
        .extracting(Federation.Request::body)
        .containsExactly(
            "{\"spec\":{\"unschedulable\":true}}",
            "{\"spec\":{\"unschedulable\":null}}",
            "{\"spec\":{\"unschedulable\":true}}");
    assertThat(federation.requests)
        .extracting(Federation.Request::contentType)
        .allMatch(type -> type.startsWith("application/merge-patch+json"));
    assertThat(refused.exitCode()).isEqualTo(Ubernetes.NOT_FOUND);
  }

  @Test
  void drainCordonsThenWaitsUntilNoReplicaIsLeftOnTheCluster() {
    federation
        .answer("PATCH " + FRA, 200, "{}")
        .answerInTurn(
            API + "federatedworkloads",
            list(
                workload("shop", "web", "onprem-fra", 2),
                workload("shop", "api", "aws-eu-west", 3)),
            list(workload("shop", "web", "onprem-fra", 1)),
            list(workload("shop", "web", "aws-eu-west", 2)))
        .answer(API + "clusterfederatedworkloads", list())
        .answer(Fixtures.WORKLOADS + "/web/placement", "{\"problems\": []}");

    Run drain = federation.run("drain", "onprem-fra");

    assertThat(drain.exitCode()).as(drain.err()).isZero();
    assertThat(drain.out())
        .isEqualTo(
            """
            membercluster/onprem-fra cordoned
            waiting for the replicas of 1 workload to leave onprem-fra
            membercluster/onprem-fra drained
            """);
    assertThat(federation.writes()).containsExactly("PATCH " + FRA);
  }

  @Test
  void drainNamesTheWorkloadsThatCannotLeaveAndWhyAndExitsOne() {
    federation
        .answer("PATCH " + FRA, 200, "{}")
        .answer(API + "federatedworkloads", list(workload("shop", "web", "onprem-fra", 2)))
        .answer(API + "clusterfederatedworkloads", list(workload(null, "dns", "onprem-fra", 1)))
        .answer(
            Fixtures.WORKLOADS + "/web/placement",
            """
            {"problems": ["keeps 2 replicas on unschedulable cluster onprem-fra: no permitted cluster can take them"],
             "filtered": {"region not in [eu-central]": ["aws-eu-west", "aws-us-east"],
                          "unschedulable (being drained)": ["onprem-fra"]}}
            """)
        .answer(
            API + "clusterfederatedworkloads/dns/placement",
            "{\"problems\": [\"keeps 1 replica on unschedulable cluster onprem-fra: no permitted"
                + " cluster can take it\"]}");

    Run drain = federation.run("drain", "onprem-fra");

    assertThat(drain.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(drain.out())
        .isEqualTo(
            """
            membercluster/onprem-fra cordoned
            WORKLOAD   REPLICAS   WHY
            shop/web   2          keeps 2 replicas on unschedulable cluster onprem-fra: no permitted cluster can take them (aws-eu-west, aws-us-east: region not in [eu-central])
            dns        1          keeps 1 replica on unschedulable cluster onprem-fra: no permitted cluster can take it
            """);
    assertThat(drain.err()).isEqualTo("error: replicas of 2 workload(s) cannot leave onprem-fra\n");
  }

  @Test
  void drainThatTimesOutListsWhatIsStillMovingAndExitsOne() {
    federation
        .answer("PATCH " + FRA, 200, "{}")
        .answer(API + "federatedworkloads", list(workload("shop", "web", "onprem-fra", 2)))
        .answer(Fixtures.WORKLOADS + "/web/placement", "{\"problems\": []}");

    Run drain = federation.run("drain", "onprem-fra", "--timeout", "30ms");
    Run noWait = federation.run("drain", "onprem-fra", "--wait=false");

    assertThat(drain.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(drain.out()).contains("shop/web   2          moving");
    assertThat(drain.err()).isEqualTo("error: replicas still on onprem-fra after PT0.03S\n");
    assertThat(noWait.exitCode()).isZero();
    assertThat(noWait.out()).isEqualTo("membercluster/onprem-fra cordoned\n");
  }

  @Test
  void aClusterCommandWithoutItsClusterIsAUsageError() {
    for (String command : new String[] {"join", "approve", "deny", "cordon", "uncordon", "drain"}) {
      Run run = federation.run(command);

      assertThat(run.exitCode()).as(command).isEqualTo(Ubernetes.USAGE);
      assertThat(run.err()).as(command).contains("Missing required parameter");
    }
    assertThat(federation.requests).isEmpty();
  }

  private static String workload(String namespace, String name, String cluster, int replicas) {
    return """
        {"metadata": {%s"name": "%s"},
         "status": {"clusters": [{"name": "%s", "replicas": %d}]}}"""
        .formatted(
            namespace == null ? "" : "\"namespace\": \"" + namespace + "\", ",
            name,
            cluster,
            replicas);
  }

  private static String list(String... items) {
    return "{\"items\": [" + String.join(",", items) + "]}";
  }
}
