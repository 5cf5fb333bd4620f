package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.WorkloadReport;
import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.workload.WorkloadReports;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler keeps to FederatedResourceQuotas, case by case, and each quota's status says what
 * the stored decisions use, as a recount straight from them finds it. Every workload asks 500m cpu
 * and 1Gi per replica. Quotas are created after the workloads they cap and before the pass that
 * places them (admission keeps a quota created below use, with a warning), so that what the
 * scheduler does is seen where admission would have refused the workloads.
 */
class QuotaSchedulingIT extends SchedulingIntegrationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Autowired private QuotaLedger ledger;
  @Autowired private ClusterSetMembers sets;
  @Autowired private FederatedResourceQuotaStrategy quotaStrategy;
  @Autowired private MemberQuotaWork memberQuotas;
  @Autowired private WorkloadCharges charges;
  @Autowired private WorkloadReports reports;
  @Autowired private TransactionTemplate transactions;

  @Test
  void aDividedWorkloadGetsOnlyTheReplicasTheQuotaLeaves() {
    String namespace = run + "-divided";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-b", "eu-west", "onprem", 16, 0.02);
    workload(namespace, "web", 6, placement(""));
    quota(namespace, "compute", "{\"pods\": \"4\"}");

    schedule();

    assertThat(total(replicas(namespace, "web"))).isEqualTo(4);
    JsonNode scheduled = condition(workloadStatus(namespace, "web").json(), "Scheduled");
    assertThat(scheduled.path("status").asString()).isEqualTo("False");
    assertThat(scheduled.path("reason").asString()).isEqualTo("PartiallyPlaced");
    assertThat(scheduled.path("message").asString()).contains("quota compute: pods 4/4 used");
    Response placement = api.get("/api/v1/namespaces/" + namespace + "/workloads/web/placement");
    assertThat(placement.json().path("clusters").valueStream().map(v -> v.path("quota").asString()))
        .anyMatch(quota -> quota.contains("quota compute"));
    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/pods").asString()).isEqualTo("4");
    assertThat(condition(status, "Exceeded").path("status").asString()).isEqualTo("False");
    assertRecounted(namespace, "compute");

    // Without the quota, the workload is placed again in full.
    Response deleted =
        api.delete("/api/v1/namespaces/" + namespace + "/federatedresourcequotas/compute");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    schedule();
    assertThat(total(replicas(namespace, "web"))).isEqualTo(6);
  }

  @Test
  void aQuotaNeverTakesOneWorkloadsRunningReplicasToStartAnothers() {
    String namespace = run + "-running";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 5, placement(""));
    schedule();
    // api sorts before web, so the pass places it first; the quota arrives with it.
    workload(namespace, "api", 5, placement(""));
    quota(namespace, "compute", "{\"pods\": \"7\"}");

    schedule();

    assertThat(total(replicas(namespace, "web"))).as("web keeps what it runs").isEqualTo(5);
    assertThat(total(replicas(namespace, "api"))).isEqualTo(2);
    assertThat(
            condition(workloadStatus(namespace, "api").json(), "Scheduled")
                .path("message")
                .asString())
        .contains("quota compute: pods 7/7 used");
    assertRecounted(namespace, "compute");
  }

  @Test
  void nothingPlacedWhenTheQuotaLeavesNoRoomIsQuotaExceeded() {
    String namespace = run + "-none";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 2, placement(""));
    quota(namespace, "compute", "{\"requests.cpu\": \"250m\"}");

    schedule();

    assertThat(replicas(namespace, "web")).isEmpty();
    JsonNode scheduled = condition(workloadStatus(namespace, "web").json(), "Scheduled");
    assertThat(scheduled.path("status").asString()).isEqualTo("False");
    assertThat(scheduled.path("reason").asString()).isEqualTo("QuotaExceeded");
    assertThat(scheduled.path("message").asString()).contains("quota compute: requests.cpu");
  }

  @Test
  void aDuplicatedWorkloadIsCappedToWholeCopies() {
    String namespace = run + "-duplicated";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-b", "eu-west", "onprem", 16, 0.02);
    cluster(run + "-c", "us-east", "onprem", 16, 0.03);
    workload(namespace, "web", 3, placement("\"mode\": \"Duplicated\""));
    quota(namespace, "compute", "{\"pods\": \"7\"}");

    schedule();

    Map<String, Integer> replicas = replicas(namespace, "web");
    assertThat(replicas).hasSize(2).allSatisfy((cluster, count) -> assertThat(count).isEqualTo(3));
    assertThat(
            condition(workloadStatus(namespace, "web").json(), "Scheduled")
                .path("reason")
                .asString())
        .isEqualTo("PartiallyPlaced");
    assertThat(quotaStatus(namespace, "compute").at("/used/pods").asString()).isEqualTo("6");
    assertRecounted(namespace, "compute");
  }

  @Test
  void aScaleUpIsCappedARaisedQuotaLetsItGrowAndALoweredOneEvictsNothing() {
    String namespace = run + "-scale";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 4, placement(""));
    quota(namespace, "compute", "{\"pods\": \"5\"}");
    schedule();
    assertThat(total(replicas(namespace, "web"))).isEqualTo(4);

    // Admission refuses a scale-up past the quota; one admitted under a larger quota, lowered
    // before a pass placed it, is the scheduler's to cap.
    setPods(namespace, "compute", "10");
    scale(namespace, "web", 8);
    setPods(namespace, "compute", "5");
    schedule();
    Map<String, Integer> capped = replicas(namespace, "web");
    setPods(namespace, "compute", "10");
    schedule();
    Map<String, Integer> raised = replicas(namespace, "web");
    setPods(namespace, "compute", "3");
    schedule();
    Map<String, Integer> lowered = replicas(namespace, "web");

    assertThat(total(capped)).isEqualTo(5);
    assertThat(total(raised)).isEqualTo(8);
    assertThat(lowered).as("lowering a quota evicts nothing").isEqualTo(raised);
    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/pods").asString()).isEqualTo("8");
    JsonNode exceeded = condition(status, "Exceeded");
    assertThat(exceeded.path("status").asString()).isEqualTo("True");
    assertThat(exceeded.path("message").asString()).contains("pods 8/3 used");
    assertRecounted(namespace, "compute");
  }

  @Test
  void twoWorkloadsShareTheirNamespacesQuotaAndAnotherNamespaceIsUnaffected() {
    String shop = run + "-shop";
    String bank = run + "-bank";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(shop, "api", 4, placement(""));
    workload(shop, "web", 4, placement(""));
    workload(bank, "ledger", 8, placement(""));
    quota(shop, "compute", "{\"pods\": \"6\"}");

    schedule();

    // The batch spends the namespace's quota in name order.
    assertThat(total(replicas(shop, "api"))).isEqualTo(4);
    assertThat(total(replicas(shop, "web"))).isEqualTo(2);
    assertThat(total(replicas(bank, "ledger"))).isEqualTo(8);
    assertThat(quotaStatus(shop, "compute").at("/used/pods").asString()).isEqualTo("6");
    assertRecounted(shop, "compute");
  }

  @Test
  void failoverStaysWithinTheQuotaAndItsSurplusIsShown() {
    String namespace = run + "-failover";
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "onprem", 16, 0.05);
    workload(namespace, "web", 4, placement(""));
    workload(namespace, "api", 2, placement(""));
    quota(namespace, "compute", "{\"pods\": \"6\"}");
    schedule();
    assertThat(replicas(namespace, "web")).containsExactly(Map.entry(fra, 4));

    report(fra, "False", 16);
    advance(Duration.ofSeconds(61));
    schedule();

    Map<String, Integer> web = replicas(namespace, "web");
    assertThat(total(web) + total(replicas(namespace, "api"))).isLessThanOrEqualTo(6);
    assertThat(web).doesNotContainKey(fra);
    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/pods").asString()).isEqualTo("6");
    assertRecounted(namespace, "compute");
  }

  @Test
  void aMovesMakeBeforeBreakSurplusIsAllowedAndShownNotCharged() {
    String namespace = run + "-move";
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-west", "onprem", 16, 0.05);
    workload(namespace, "web", 4, placement(""));
    quota(namespace, "compute", "{\"pods\": \"4\"}");
    schedule();
    assertThat(replicas(namespace, "web")).containsExactly(Map.entry(fra, 4));
    // fra's agent reports its 4 replicas ready: the move must keep them until dub's are.
    UUID uid = UUID.fromString(workloadStatus(namespace, "web").at("/metadata/uid"));
    transactions.executeWithoutResult(
        tx ->
            reports.store(
                fra,
                Map.of(
                    uid,
                    new WorkloadReport(
                        uid.toString(),
                        1,
                        true,
                        4,
                        4,
                        List.of(),
                        List.of(),
                        null,
                        null,
                        List.of(),
                        null,
                        null,
                        null)),
                clock().instant()));

    Response moved =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/workloads/web",
            "{\"spec\": {\"placement\": {\"clusterSelector\": {\"matchLabels\": {\"test-run\": \""
                + run
                + "\", \"topology.kubernetes.io/region\": \"eu-west\"}}}}}");
    assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    schedule();

    // dub is wanted in full; fra keeps running until dub's replicas are ready.
    assertThat(replicas(namespace, "web")).containsExactly(Map.entry(dub, 4));
    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/pods").asString()).isEqualTo("4");
    assertThat(Long.parseLong(status.at("/surplus/pods").asString()))
        .as("fra's replicas still running")
        .isPositive();
    assertThat(condition(status, "Exceeded").path("status").asString()).isEqualTo("False");
    assertRecounted(namespace, "compute");
  }

  /**
   * A recount that read a quota just before the quota was deleted must not give its member quotas
   * back: the deletion removed them, and no later pass would remove them again.
   */
  @Test
  void aRecountThatReadAQuotaJustBeforeItWasDeletedLeavesItsMemberQuotasRemoved()
      throws SQLException {
    String namespace = run + "-gone";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 2, placement(""));
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas",
            """
            {"metadata": {"name": "compute"},
             "spec": {"hard": {"pods": "10"}, "memberQuota": {"enabled": true}}}
            """);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    schedule();
    UUID uid = UUID.fromString(created.json().at("/metadata/uid").asString());
    assertThat(liveWorkRows(uid)).as("the member quota published").isEqualTo(1);

    // The recount read the quota; then it was deleted, before the recount locked it.
    List<QuotaLedger.StoredQuota> readBefore = ledger.quotas();
    assertThat(
            api.delete("/api/v1/namespaces/" + namespace + "/federatedresourcequotas/compute")
                .status())
        .isEqualTo(200);
    assertThat(liveWorkRows(uid)).as("removed by the deletion").isZero();
    QuotaLedger stale =
        new QuotaLedger(JdbcClient.create(dataSource), JSON) {
          @Override
          public List<StoredQuota> quotas() {
            return readBefore;
          }
        };
    QuotaStatusWriter writer =
        new QuotaStatusWriter(stale, sets, writes, quotaStrategy, memberQuotas, charges, clock());
    transactions.executeWithoutResult(tx -> writer.refresh(Set.of(namespace), Map.of()));

    assertThat(liveWorkRows(uid)).as("given back by the recount").isZero();
  }

  private int liveWorkRows(UUID uid) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "select count(*) from cluster_work where workload_uid = ? and not deleted")) {
      query.setObject(1, uid);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }

  @Test
  void aRestartedSchedulerRecountsEveryQuotaFromTheStoredDecisions() {
    String namespace = run + "-restart";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-b", "eu-west", "onprem", 16, 0.02);
    workload(namespace, "web", 3, placement(""));
    quota(namespace, "compute", "{\"pods\": \"10\", \"requests.cpu\": \"20\"}");
    schedule();
    scale(namespace, "web", 5);
    schedule();
    // A status gone stale (written by hand here) is what a restart must not keep.
    writes.updateStatus(
        quotaStrategy,
        namespace,
        "compute",
        status ->
            new FederatedResourceQuota.QuotaStatus(
                status.hard(),
                status.admitted(),
                Map.of("pods", "99"),
                null,
                null,
                null,
                null,
                null));

    // What a new service instance has: components that saw no quota yet.
    QuotaBudgets budgets = new QuotaBudgets(ledger, sets);
    QuotaStatusWriter writer =
        new QuotaStatusWriter(ledger, sets, writes, quotaStrategy, memberQuotas, charges, clock());
    // In a transaction, as the service's own (proxied) writer runs it.
    transactions.executeWithoutResult(
        tx -> writer.refresh(budgets.plan(Map.of()).changed(), Map.of()));

    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/pods").asString()).isEqualTo("5");
    assertRecounted(namespace, "compute");
  }

  @Test
  void aClusterSetsLimitCapsTheSetsClustersTheRestGoesElsewhereAndAdmissionKeepsToTheFleetLimit() {
    String namespace = run + "-perset";
    // fra is far cheaper: without the set's limit every replica would go there.
    String fra = cluster(run + "-fra", "eu-central", "onprem", 32, 0.001);
    String iad = cluster(run + "-iad", "us-east", "onprem", 32, 0.5);
    String eu = run + "-eu";
    Response set = api.post("/api/v1/clustersets", Manifests.clusterSet(eu, "eu-central"));
    assertThat(set.status()).as(set.body()).isEqualTo(201);
    workload(namespace, "web", 5, placement(""));
    quota(
        namespace,
        "compute",
        "{\"pods\": \"10\"}, \"clusterSets\": [{\"name\": \""
            + eu
            + "\", \"hard\": {\"pods\": \"2\"}}]");

    schedule();
    Map<String, Integer> placed = replicas(namespace, "web");
    JsonNode statusPlaced = quotaStatus(namespace, "compute");
    // Only the set's limit is reached: the fleet's allows it, so admission does not refuse.
    Response scaled =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/workloads/web", "{\"spec\": {\"replicas\": 8}}");
    schedule();
    Map<String, Integer> grown = replicas(namespace, "web");
    // The fleet's limit is admission's.
    Response refused =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/workloads/web", "{\"spec\": {\"replicas\": 11}}");

    assertThat(placed).containsExactly(Map.entry(fra, 2), Map.entry(iad, 3));
    JsonNode eu0 = statusPlaced.path("clusterSets").path(0);
    assertThat(eu0.path("name").asString()).isEqualTo(eu);
    assertThat(eu0.at("/hard/pods").asString()).isEqualTo("2");
    assertThat(eu0.at("/used/pods").asString()).isEqualTo("2");
    assertThat(statusPlaced.at("/used/pods").asString()).isEqualTo("5");
    assertThat(condition(statusPlaced, "Exceeded").path("status").asString()).isEqualTo("False");
    assertThat(scaled.status()).as(scaled.body()).isEqualTo(200);
    assertThat(grown).containsExactly(Map.entry(fra, 2), Map.entry(iad, 6));
    JsonNode statusGrown = quotaStatus(namespace, "compute");
    assertThat(statusGrown.at("/clusterSets/0/used/pods").asString()).isEqualTo("2");
    assertThat(statusGrown.at("/admitted/pods").asString()).isEqualTo("8");
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.json().path("detail").asString())
        .contains("exceeded quota: compute, requested: pods=3, used: pods=8, limited: pods=10");
    assertRecounted(namespace, "compute");
  }

  @Test
  void anInlineOverrideRaisingTheRequestInOneClusterCapsTheReplicasAtTheLargestRequest() {
    String namespace = run + "-inline";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-b", "eu-west", "onprem", 16, 0.02);
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads",
            withInlineOverride(workloadBody("web", 4, placement(""))));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    quota(namespace, "compute", "{\"requests.cpu\": \"4\"}");

    schedule();

    // Any replica may land where it asks 1500m: two fit 4 CPU, a third would not.
    assertThat(total(replicas(namespace, "web"))).isEqualTo(2);
    JsonNode scheduled = condition(workloadStatus(namespace, "web").json(), "Scheduled");
    assertThat(scheduled.path("reason").asString()).isEqualTo("PartiallyPlaced");
    assertThat(scheduled.path("message").asString()).contains("quota compute: requests.cpu");
    JsonNode status = quotaStatus(namespace, "compute");
    assertThat(status.at("/used/requests.cpu").asString()).isEqualTo("3");
    assertThat(condition(status, "Exceeded").path("status").asString()).isEqualTo("False");
    assertCpuRecounted(namespace, "compute", 1500);
  }

  @Test
  void theSimulationCountsTheRequestOverridesRaiseAsAPassDoes() {
    String namespace = run + "-simulated-inline";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    cluster(run + "-b", "eu-west", "onprem", 16, 0.02);
    quota(namespace, "compute", "{\"requests.cpu\": \"4\"}");

    JsonNode simulated =
        simulate(namespace, withInlineOverride(workloadBody("web", 4, placement(""))));

    // Any replica may land where it asks 1500m: two fit 4 CPU, as a pass places them.
    assertThat(total(replicasOf(simulated))).isEqualTo(2);
    assertThat(simulated.path("outcome").asString()).isEqualTo("PARTIAL");
    assertThat(simulated.path("summary").asString()).contains("quota compute: requests.cpu");
  }

  /** The workload with an inline override raising its cpu request to 1500m in eu-central. */
  private static String withInlineOverride(String workload) {
    return workload.replace(
        "\"placement\":",
        """
        "overrides": [{"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
                       "patch": [{"op": "replace",
                                  "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                  "value": "1500m"}]}],
        "placement":""");
  }

  @Test
  void anOverridePolicyRaisingTheRequestCapsThePlacementAndALoweredQuotaThenEvictsNothing() {
    String namespace = run + "-policy";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 4, placement(""));
    quota(namespace, "compute", "{\"requests.cpu\": \"3\"}");
    schedule();
    assertThat(total(replicas(namespace, "web"))).isEqualTo(4);

    // An admin's ClusterOverridePolicy: admission recharges the namespace and refuses nothing.
    String policy = run + "-bigger";
    Response created =
        api.post(
            "/api/v1/clusteroverridepolicies",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workloadSelector": {"namespaces": ["%s"]},
                      "rules": [{"jsonPatch": [{"op": "replace",
                                                "path": "/spec/template/spec/containers/0/resources/requests/cpu",
                                                "value": "1"}]}]}}
            """
                .formatted(policy, namespace));
    schedule();
    Map<String, Integer> capped = replicas(namespace, "web");
    JsonNode scheduled = condition(workloadStatus(namespace, "web").json(), "Scheduled");
    JsonNode statusCapped = quotaStatus(namespace, "compute");
    setHard(namespace, "compute", "requests.cpu", "2");
    schedule();
    Map<String, Integer> lowered = replicas(namespace, "web");
    JsonNode statusLowered = quotaStatus(namespace, "compute");
    api.delete("/api/v1/clusteroverridepolicies/" + policy);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(total(capped)).as("3 replicas of 1 CPU fit 3 CPU").isEqualTo(3);
    assertThat(scheduled.path("reason").asString()).isEqualTo("PartiallyPlaced");
    assertThat(scheduled.path("message").asString())
        .contains("quota compute: requests.cpu 3/3 used");
    assertThat(statusCapped.at("/used/requests.cpu").asString()).isEqualTo("3");
    assertThat(condition(statusCapped, "Exceeded").path("status").asString()).isEqualTo("False");
    assertThat(lowered).as("a quota lowered below use evicts nothing").isEqualTo(capped);
    assertThat(statusLowered.at("/used/requests.cpu").asString()).isEqualTo("3");
    JsonNode exceeded = condition(statusLowered, "Exceeded");
    assertThat(exceeded.path("status").asString()).isEqualTo("True");
    assertThat(exceeded.path("message").asString()).contains("requests.cpu 3/2 used");
    assertCpuRecounted(namespace, "compute", 1000);
  }

  @Test
  void theSimulationKeepsToTheQuotaAndCountsTheSimulatedWorkloadsOwnShareOnce() {
    String namespace = run + "-simulated";
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload(namespace, "web", 4, placement(""));
    quota(namespace, "compute", "{\"pods\": \"6\"}");
    schedule();

    JsonNode newcomer = simulate(namespace, "api", 5);
    JsonNode webAtSix = simulate(namespace, "web", 6);
    JsonNode webAtEight = simulate(namespace, "web", 8);

    assertThat(total(replicasOf(newcomer))).as("web's 4 pods leave 2").isEqualTo(2);
    assertThat(newcomer.path("outcome").asString()).isEqualTo("PARTIAL");
    assertThat(newcomer.path("summary").asString()).contains("quota compute: pods 6/6 used");
    assertThat(newcomer.path("clusters").valueStream().map(v -> v.path("quota").asString()))
        .anyMatch(quota -> quota.contains("quota compute"));
    assertThat(total(replicasOf(webAtSix)))
        .as("web's own 4 pods are not counted beside its simulated 6")
        .isEqualTo(6);
    assertThat(webAtSix.path("outcome").asString()).isEqualTo("PLACED");
    assertThat(total(replicasOf(webAtEight))).isEqualTo(6);
    assertThat(webAtEight.path("summary").asString()).contains("quota compute: pods 6/6 used");
    assertThat(replicas(namespace, "web")).as("a simulation stores nothing").hasSize(1);
    assertThat(total(replicas(namespace, "web"))).isEqualTo(4);
  }

  private void quota(String namespace, String name, String hard) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas",
            "{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": {\"hard\": " + hard + "}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  /** What {@code placement:simulate} answers for this test's workload of {@code replicas}. */
  private JsonNode simulate(String namespace, String name, int replicas) {
    return simulate(namespace, workloadBody(name, replicas, placement("")));
  }

  /** What {@code placement:simulate} answers for this workload in {@code namespace}. */
  private JsonNode simulate(String namespace, String body) {
    ObjectNode workload = (ObjectNode) JSON.readTree(body);
    ((ObjectNode) workload.path("metadata")).put("namespace", namespace);
    ObjectNode request = JSON.createObjectNode();
    request.set("workload", workload);
    Response simulated = api.post("/api/v1/placement:simulate", request.toString());
    assertThat(simulated.status()).as(simulated.body()).isEqualTo(200);
    return simulated.json();
  }

  private void setPods(String namespace, String name, String pods) {
    Response patched =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas/" + name,
            "{\"spec\": {\"hard\": {\"pods\": \"" + pods + "\"}}}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  private void setHard(String namespace, String name, String resource, String amount) {
    Response patched =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/federatedresourcequotas/" + name,
            "{\"spec\": {\"hard\": {\"" + resource + "\": \"" + amount + "\"}}}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  private void scale(String namespace, String name, int replicas) {
    Response patched =
        api.mergePatch(
            "/api/v1/namespaces/" + namespace + "/workloads/" + name,
            "{\"spec\": {\"replicas\": " + replicas + "}}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  private JsonNode quotaStatus(String namespace, String name) {
    Response quota =
        api.get("/api/v1/namespaces/" + namespace + "/federatedresourcequotas/" + name);
    assertThat(quota.status()).as(quota.body()).isEqualTo(200);
    return quota.json().path("status");
  }

  private static JsonNode condition(JsonNode object, String type) {
    JsonNode conditions =
        object.has("status") ? object.path("status").path("conditions") : object.path("conditions");
    return conditions
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no condition " + type + " in " + object));
  }

  private static int total(Map<String, Integer> replicas) {
    return replicas.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The replicas moves run beyond their decisions, straight from the ledger. */
  private long surplus(String namespace) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                """
                select coalesce(sum(greatest(l.replicas - l.target_replicas, 0) * l.pods), 0)
                from placement_ledger l join resources w on w.uid = l.workload_uid
                where w.kind = 'FederatedWorkload' and w.namespace = ?
                """)) {
      query.setString(1, namespace);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The ledger counts each replica of the namespace at {@code perReplicaMillis} of cpu, the
   * overridden request, and the quota's used cpu, in all and per cluster, is a recount of it.
   */
  private void assertCpuRecounted(String namespace, String quota, long perReplicaMillis) {
    List<Long> units =
        JdbcClient.create(dataSource)
            .sql(
                """
                select distinct l.cpu_millis
                from placement_ledger l join resources w on w.uid = l.workload_uid
                where w.kind = 'FederatedWorkload' and w.namespace = ? and l.target_replicas > 0
                """)
            .param(namespace)
            .query(Long.class)
            .list();
    assertThat(units).as("cpu per replica").containsExactly(perReplicaMillis);
    assertUsedRecounted(namespace, quota, "requests.cpu", "cpu_millis", QuotaSchedulingIT::millis);
  }

  private static long millis(String cpu) {
    return cpu.endsWith("m")
        ? Long.parseLong(cpu.substring(0, cpu.length() - 1))
        : Long.parseLong(cpu) * 1000;
  }

  /** The quota's used pods, in all and per cluster, equal a recount straight from the ledger. */
  private void assertRecounted(String namespace, String quota) {
    assertUsedRecounted(namespace, quota, "pods", "pods", Long::parseLong);
    assertThat(Long.parseLong(quotaStatus(namespace, quota).at("/surplus/pods").asString()))
        .as("make-before-break surplus")
        .isEqualTo(surplus(namespace));
  }

  /**
   * The quota's used {@code resource}, in all and per cluster, equals a recount of the ledger's
   * decided replicas at its {@code column} per replica.
   */
  private void assertUsedRecounted(
      String namespace,
      String quota,
      String resource,
      String column,
      ToLongFunction<String> parse) {
    Map<String, Long> recount = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                """
                select l.cluster, sum(l.target_replicas * l.%s)
                from placement_ledger l join resources w on w.uid = l.workload_uid
                where w.kind = 'FederatedWorkload' and w.namespace = ? and l.target_replicas > 0
                group by l.cluster
                """
                    .formatted(column))) {
      query.setString(1, namespace);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          recount.put(rows.getString(1), rows.getLong(2));
        }
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    JsonNode status = quotaStatus(namespace, quota);
    Map<String, Long> perCluster = new TreeMap<>();
    status
        .path("clusters")
        .valueStream()
        .forEach(
            c ->
                perCluster.put(
                    c.path("name").asString(),
                    parse.applyAsLong(c.path("used").path(resource).asString())));
    assertThat(perCluster).isEqualTo(recount);
    assertThat(parse.applyAsLong(status.path("used").path(resource).asString()))
        .isEqualTo(recount.values().stream().mapToLong(Long::longValue).sum());
  }
}
