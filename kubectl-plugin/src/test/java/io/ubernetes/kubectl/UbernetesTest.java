package io.ubernetes.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ubernetes.kubectl.Federation.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands against a federation API on real HTTP: output, formats and exit codes. */
class UbernetesTest {
  private static final String WORKLOADS =
      "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads";
  private static final ObjectMapper JSON = new ObjectMapper();
  private Federation federation;

  @BeforeEach
  void start() throws IOException {
    federation =
        new Federation()
            .answer(WORKLOADS + "/web", fixture("workload.json"))
            .answer(WORKLOADS + "/web/placement", fixture("placement.json"))
            .answer(
                "/apis/ubernetes.io/v1/namespaces/shop/federatedresourcequotas",
                fixture("quotas.json"))
            .answer(
                "/apis/ubernetes.io/v1/namespaces/shop/federatedservices", fixture("services.json"))
            .answer("/apis/ubernetes.io/v1/memberclusters", fixture("memberclusters.json"));
  }

  @AfterEach
  void stop() {
    federation.close();
  }

  @Test
  void whereShowsEachClustersReplicasReadyHealthAndPodStatesInTheContextsNamespace() {
    Run where = federation.run("where", "web");

    assertThat(where.exitCode()).as(where.err()).isZero();
    assertThat(where.out())
        .isEqualTo(
            """
            CLUSTER       REPLICAS   READY   HEALTH     POD STATES                                                                         MESSAGE
            aws-eu-west   4          4       Healthy    4 Ready                                                                            <none>
            onprem-fra    2 -> 1     1       Degraded   1 Ready, 1 Pending (Unschedulable: 0/2 nodes are available: 2 Insufficient cpu.)   <none>
            """);
  }

  @Test
  void wherePodStatesNameEachReasonThePodsNotReadyYetAndAClustersOtherTrouble() {
    federation.answer(
        WORKLOADS + "/api",
        """
        {"metadata": {"name": "api", "namespace": "shop"}, "spec": {"replicas": 9},
         "status": {"clusters": [
           {"name": "a", "replicas": 6, "readyReplicas": 2, "health": "Degraded",
            "message": "3 pods CrashLoopBackOff: back-off 5m0s; Job shop/migrate Degraded: BackoffLimitExceeded",
            "podIssues": [{"reason": "CrashLoopBackOff", "pods": 3, "message": "back-off 5m0s"}]},
           {"name": "b", "replicas": 3, "health": "Unknown", "message": "cluster b is not Ready"}]}}
        """);

    Run where = federation.run("where", "api");

    assertThat(where.out().lines())
        .containsExactly(
            "CLUSTER   REPLICAS   READY   HEALTH     POD STATES                                                 MESSAGE",
            "a         6          2       Degraded   2 Ready, 3 CrashLoopBackOff (back-off 5m0s), 1 not ready   Job shop/migrate Degraded: BackoffLimitExceeded",
            "b         3          ?       Unknown    <none>                                                     cluster b is not Ready");
  }

  @Test
  void whereAndExplainFindAClusterScopedWorkloadByItsKind() {
    federation
        .answer(
            "/apis/ubernetes.io/v1/clusterfederatedworkloads/agents",
            """
            {"metadata": {"name": "agents"}, "spec": {"replicas": 2},
             "status": {"clusters": [{"name": "a", "replicas": 2, "readyReplicas": 2, "health": "Healthy"}]}}
            """)
        .answer(
            "/apis/ubernetes.io/v1/clusterfederatedworkloads/agents/placement",
            fixture("placement.json"));

    Run where = federation.run("where", "cfw/agents");
    Run longName = federation.run("where", "clusterfederatedworkload/agents", "-o", "json");
    Run explain = federation.run("explain", "cfw/agents");
    Run namespaced = federation.run("where", "fw/web");
    Run otherKind = federation.run("where", "deployment/web");

    assertThat(where.exitCode()).as(where.err()).isZero();
    assertThat(where.out()).contains("a         2          2       Healthy   2 Ready");
    assertThat(longName.out()).contains("\"name\" : \"agents\"").doesNotContain("namespace");
    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out())
        .startsWith("Workload:   clusterfederatedworkload/agents")
        .doesNotContain("Quota use");
    assertThat(namespaced.out()).contains("aws-eu-west");
    assertThat(otherKind.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(otherKind.err())
        .contains("the kind must be federatedworkload (fw) or clusterfederatedworkload (cfw)");
  }

  @Test
  void whereAsJsonHasTheWorkloadsTotalsAndOneEntryPerCluster() throws Exception {
    Run where = federation.run("where", "web", "-n", "shop", "-o", "json");

    JsonNode placed = JSON.readTree(where.out());
    assertThat(placed.path("namespace").asText()).isEqualTo("shop");
    assertThat(placed.path("desiredReplicas").asInt()).isEqualTo(6);
    assertThat(placed.path("readyReplicas").asInt()).isEqualTo(5);
    assertThat(placed.path("clusters").findValuesAsText("cluster"))
        .containsExactly("aws-eu-west", "onprem-fra");
    assertThat(placed.path("clusters").get(1).path("targetReplicas").asInt()).isEqualTo(1);
    assertThat(placed.path("clusters").get(0).has("message")).isFalse();
    assertThat(placed.path("clusters").get(0).path("podStates").asText()).isEqualTo("4 Ready");
    JsonNode issue = placed.path("clusters").get(1).path("podIssues").get(0);
    assertThat(issue.path("reason").asText()).isEqualTo("Unschedulable");
    assertThat(issue.path("pods").asInt()).isEqualTo(1);
    assertThat(issue.path("since").asText()).isEqualTo("2026-12-07T10:02:00Z");
  }

  @Test
  void topClustersShowsHealthSinceWhenAndWhyResourcesPriceAgentHeartbeatAndCordon() {
    Run top = federation.run("top", "clusters");

    assertThat(top.exitCode()).as(top.err()).isZero();
    assertThat(top.out().lines())
        .containsExactly(
            "NAME          REGION       ZONE            TIER     HEALTH    SINCE    CPU(USED/FREE)"
                + "   MEMORY(USED/FREE)   PODS(USED/FREE)   PRICE(CORE-H)   AGENT    HEARTBEAT"
                + "   CORDONED   WHY",
            "aws-eu-west   eu-west      eu-west-1a      cloud    Ready     2h       3.5/60.5"
                + "         12Gi/244Gi          40/400            0.034           0.1.0    2s ago"
                + "      false      AgentHeartbeat: the agent reports in time",
            "onprem-fra    eu-central   eu-central-1a   onprem   Unknown   60s      0/16"
                + "             0Gi/64Gi            0/220             0.01            0.1.0    110s ago"
                + "    true       HeartbeatMissed: no heartbeat for 45s",
            "new-one       us-east      <none>          <none>   Unknown   <none>   <none>"
                + "           <none>              <none>            <none>          <none>   <none>"
                + "      false      <none>");
  }

  @Test
  void topClustersAsYamlGivesResourcesInPlainUnits() {
    Run top = federation.run("top", "clusters", "-o", "yaml");

    assertThat(top.exitCode()).as(top.err()).isZero();
    assertThat(top.out())
        .startsWith("clusters:")
        .contains("name: aws-eu-west")
        .contains("healthSince: 2026-12-07T08:00:00Z")
        .contains("allocatable: 64.0")
        .contains("used: 3.5")
        .contains("free: 60.5")
        .contains("cordoned: true");
  }

  @Test
  void explainShowsTheDecisionTermByTermRejectionsConditionsQuotaUseAndDnsNames() {
    Run explain = federation.run("explain", "web");

    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out())
        .isEqualTo(
            """
            Workload:   shop/web (generation 2)
            Decided:    2026-12-07T10:00:00Z
            Outcome:    PLACED
            Summary:    6/6 replicas on 2 clusters (aws-eu-west 4, onprem-fra 2); 3/4 clusters fit: 1 region not in [eu-central, eu-west, eu-north]

            Chosen clusters:
            CLUSTER       REPLICAS   CAPACITY   PRICE/H   UTIL%   COST TERMS                                               QUOTA
            aws-eu-west   4          40         0.0136    11.2    price 400 + utilization 1.25 + stickiness -40 = 361.25   <none>
            onprem-fra    2          2          0.002     14.1    price 58.8 + utilization 2 = 60.8                        quota compute: pods 6/6 used

            Not chosen (candidates):
            CLUSTER        REPLICAS   CAPACITY   PRICE/H   UTIL%   COST OF ONE MORE                                   QUOTA
            gcp-eu-north   0          40         0         3       price 91.2 + utilization 0.3 + taints 20 = 111.5   <none>

            Rejected clusters:
            CLUSTER       WHY
            aws-us-east   region not in [eu-central, eu-west, eu-north]

            Conditions:
            TYPE        STATUS   REASON             MESSAGE
            Scheduled   True     Placed             6/6 replicas on 2 clusters
            Ready       False    ReplicasNotReady   5/6 replicas ready

            Quota use in shop:
            QUOTA     RESOURCE       USED   HARD
            compute   pods           6      6
            compute   requests.cpu   600m   4

            DNS names:
            SERVICE   NAME
            web       web.shop.federation.svc.ubernetes.local
            web       web.shop.federation.svc.aws-eu-west.eu-west-1a.eu-west.ubernetes.local
            web       web.shop.federation.svc.eu-west-1a.eu-west.ubernetes.local
            web       web.shop.federation.svc.eu-west.ubernetes.local
            """);
  }

  @Test
  void explainAsJsonNamesTheRejectedClustersAndTheQuotaUse() throws Exception {
    Run explain = federation.run("explain", "web", "-o", "json");

    JsonNode explanation = JSON.readTree(explain.out());
    assertThat(explanation.path("outcome").asText()).isEqualTo("PLACED");
    assertThat(explanation.path("chosen").findValuesAsText("cluster"))
        .containsExactly("aws-eu-west", "onprem-fra");
    assertThat(explanation.path("chosen").get(0).path("cost").path("stickiness").asDouble())
        .isEqualTo(-40.0);
    assertThat(explanation.path("rejected").get(0).path("cluster").asText())
        .isEqualTo("aws-us-east");
    assertThat(explanation.path("quotas").findValuesAsText("resource"))
        .containsExactly("pods", "requests.cpu");
    assertThat(explanation.path("services").findValuesAsText("service")).containsExactly("web");
    assertThat(explanation.path("services").get(0).path("dnsNames").get(0).asText())
        .isEqualTo("web.shop.federation.svc.ubernetes.local");
  }

  @Test
  void explainEndsWithTheWorkloadsEventsOldestFirstAsKubectlDescribeDoes() throws Exception {
    federation.answer("/api/v1/namespaces/shop/events", fixture("events.json"));

    Run explain = federation.run("explain", "web");
    Run json = federation.run("explain", "web", "-o", "json");

    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out())
        .endsWith(
            """

            Events:
            AGE                 TYPE      REASON             MESSAGE
            65m                 Normal    Scheduled          Placed 6 replicas: aws-eu-west=4, onprem-ber=2
            3m                  Warning   FailedOver         Cluster onprem-ber is not ready past the failover grace period; its replicas moved: onprem-ber=2 -> onprem-fra=2
            60s (x3 over 12m)   Warning   FailedScheduling   6/6 replicas placed only after the quota compute allowed them
            """);
    JsonNode events = JSON.readTree(json.out()).path("events");
    assertThat(events.findValuesAsText("reason"))
        .containsExactly("Scheduled", "FailedOver", "FailedScheduling");
    assertThat(events.get(2).path("count").asInt()).isEqualTo(3);
    assertThat(events.get(2).path("lastTimestamp").asText()).isEqualTo("2026-12-07T10:04:00Z");
  }

  @Test
  void explainWithoutQuotasLeavesTheQuotaSectionOut() {
    federation.answer("/apis/ubernetes.io/v1/namespaces/shop/federatedresourcequotas", 404, "{}");

    Run explain = federation.run("explain", "web");

    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out()).contains("Rejected clusters:").doesNotContain("Quota use");
  }

  @Test
  void explainWithoutServicesForTheWorkloadLeavesTheDnsSectionOut() {
    federation.answer(
        "/apis/ubernetes.io/v1/namespaces/shop/federatedservices",
        "{\"kind\": \"FederatedServiceList\", \"items\": []}");

    Run explain = federation.run("explain", "web");

    assertThat(explain.exitCode()).as(explain.err()).isZero();
    assertThat(explain.out()).contains("Rejected clusters:").doesNotContain("DNS names");
  }

  @Test
  void aMissingWorkloadOrAWorkloadNotPlacedYetExitsThree() {
    federation.answer(WORKLOADS + "/new", fixture("workload.json"));

    Run missing = federation.run("where", "nope");
    Run notPlaced = federation.run("explain", "new");

    assertThat(missing.exitCode()).isEqualTo(Ubernetes.NOT_FOUND);
    assertThat(missing.err()).isEqualTo("error: workload shop/nope not found\n");
    assertThat(missing.out()).isEmpty();
    assertThat(notPlaced.exitCode()).isEqualTo(3);
    assertThat(notPlaced.err()).contains("placement of workload shop/new not found");
  }

  @Test
  void aRefusalAServerErrorOrAnUnreachableFederationExitsOne() throws IOException {
    federation.answer("/apis/ubernetes.io/v1/memberclusters", 403, "{\"kind\":\"Status\"}");
    String nobody;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    federation.answer(
        WORKLOADS + "/broken",
        500,
        "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\"database down\",\"code\":500}");
    Run refused = federation.run("top", "clusters");
    Run failed = federation.run("where", "broken");
    Run unreachable = federation.runAgainst(nobody, "where", "web");

    assertThat(refused.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(refused.err()).contains("cannot read the member clusters: forbidden");
    assertThat(failed.exitCode()).isEqualTo(1);
    assertThat(failed.err())
        .isEqualTo("error: cannot read the workload shop/broken: HTTP 500: database down\n");
    assertThat(unreachable.exitCode()).isEqualTo(1);
    assertThat(unreachable.err()).contains("no answer from " + nobody);
  }

  @Test
  void usageErrorsExitTwoNamingWhatIsWrong() {
    Run unknownFlag = federation.run("where", "web", "--bogus");
    Run noWorkload = federation.run("explain");
    Run badFormat = federation.run("where", "web", "-o", "xml");
    Run topAlone = federation.run("top");
    Run unknownCommand = federation.run("frobnicate");

    assertThat(unknownFlag.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(unknownFlag.err()).contains("Unknown option: '--bogus'");
    assertThat(noWorkload.exitCode()).isEqualTo(2);
    assertThat(noWorkload.err()).contains("Missing required parameter: 'WORKLOAD'");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    assertThat(badFormat.err()).contains("xml").contains("table, json, yaml");
    assertThat(topAlone.exitCode()).isEqualTo(2);
    assertThat(topAlone.err()).contains("Missing what to show: clusters");
    assertThat(unknownCommand.exitCode()).isEqualTo(2);
    assertThat(federation.contexts).isEmpty();
  }

  @Test
  void contextChoosesTheKubeconfigContextAndNoneMeansTheCurrentOne() {
    federation.run("where", "web");
    federation.run("--context", "prod", "where", "web");
    federation.run("top", "clusters", "--context=staging");

    assertThat(federation.contexts).containsExactly("null", "prod", "staging");
  }

  @Test
  void completionPrintsABashScriptThatZshLoadsToo() {
    Run bash = federation.run("completion", "bash");
    Run zsh = federation.run("completion", "zsh");
    Run fish = federation.run("completion", "fish");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out())
        .contains("complete -F _complete_kubectl-ubernetes")
        .contains("where")
        .contains("explain")
        .contains("simulate", "join", "approve", "deny", "cordon", "uncordon", "drain")
        .contains("rollout", "pause", "resume", "undo", "--to-revision")
        .contains("bashcompinit");
    assertThat(zsh.out()).isEqualTo(bash.out());
    assertThat(fish.exitCode()).isEqualTo(2);
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Run help = federation.run("--help");

    assertThat(help.exitCode()).isZero();
    assertThat(help.out())
        .contains("where", "top", "explain", "doctor", "completion")
        .contains("simulate", "join", "approve", "deny", "cordon", "uncordon", "drain", "rollout")
        .contains("Exit codes:")
        .containsPattern("3\\s+not found");
  }

  private static String fixture(String name) {
    try (InputStream in = UbernetesTest.class.getResourceAsStream("/api/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
