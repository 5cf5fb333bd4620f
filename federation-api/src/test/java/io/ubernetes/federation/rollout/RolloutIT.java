package io.ubernetes.federation.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Staged rollouts of workload revisions, through the API and the agent protocol over real HTTP,
 * with the scheduler run pass by pass on a clock the tests move. Fake agents read their clusters'
 * work feeds after every pass, so the tests see every revision a cluster was ever told to run, not
 * only the last; and they report health as the member clusters would.
 */
class RolloutIT extends SchedulingIntegrationTest {
  private static final String JOIN_TOKEN = "test-join-token";

  /** Canary first, then the EU, then the rest; a minute's bake after each of the two. */
  private static final String CANARY_THEN_EU =
      """
      {"stages": [
         {"name": "canary", "clusterSelector": {"matchLabels": {"ring": "canary"}},
          "minReadyTime": "60s"},
         {"name": "eu", "clusterSelector": {"matchLabels": {"area": "eu"}},
          "minReadyTime": "60s"%s}],
       "onFailure": "%s"}
      """;

  private final List<Agent> agents = new ArrayList<>();

  /** Every revision each cluster's work feed ever carried for the workload, in order. */
  private final Map<String, List<Integer>> seen = new TreeMap<>();

  /** Whether this test's workload is a ClusterFederatedWorkload; a FederatedWorkload otherwise. */
  private boolean clusterScoped;

  /** A custom resource the workload carries besides its Deployment, as JSON; none when empty. */
  private String customResource = "";

  private Agent canary;
  private Agent fra;
  private Agent dub;
  private Agent iad;

  @BeforeEach
  void fleet() {
    canary = join("canary", "canary", "eu");
    fra = join("fra", "main", "eu");
    dub = join("dub", "main", "eu");
    iad = join("iad", "main", "us");
  }

  @AfterEach
  void removeClusters() {
    deleteThisRunsClusters();
  }

  @Test
  void aNewImageReachesOnlyTheCanaryUntilItIsHealthyForTheBakeThenTheEuThenTheRest() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));

    image("shop/app:2");
    pass();
    Map<String, Integer> canaryOnly = revisions();
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(30));
    pass();
    Map<String, Integer> halfwayThroughTheBake = revisions();
    JsonNode baking = rollout();
    advance(Duration.ofSeconds(31));
    pass();
    Map<String, Integer> euStarted = revisions();
    healthy(uid, 2, fra, dub);
    pass();
    advance(Duration.ofSeconds(61));
    pass();
    Map<String, Integer> restStarted = revisions();
    healthy(uid, 2, iad);
    pass();

    assertThat(canaryOnly).isEqualTo(assigned(2, 1, 1, 1));
    assertThat(halfwayThroughTheBake).isEqualTo(assigned(2, 1, 1, 1));
    assertThat(baking.path("phase").asString()).isEqualTo("Waiting");
    assertThat(baking.path("gate").asString()).isEqualTo("Bake");
    assertThat(baking.path("stage").asString()).isEqualTo("canary");
    assertThat(cluster(baking, canary).path("state").asString()).isEqualTo("Baking");
    assertThat(euStarted).isEqualTo(assigned(2, 2, 2, 1));
    assertThat(restStarted).isEqualTo(assigned(2, 2, 2, 2));
    JsonNode complete = rollout();
    assertThat(complete.path("phase").asString()).isEqualTo("Complete");
    assertThat(complete.path("currentRevision").asInt()).isEqualTo(2);
    assertThat(complete.path("targetRevision").asInt()).isEqualTo(2);
    assertThat(seen.get(iad.name))
        .as("the rest saw revision 2 only at the end")
        .containsExactly(1, 2);
    JsonNode status = workload().path("status");
    assertThat(condition(status, "RolloutProgressing").path("status").asString())
        .isEqualTo("False");
    assertThat(condition(status, "RolloutProgressing").path("reason").asString())
        .isEqualTo("Complete");
    assertThat(status.path("updatedReplicas").asInt()).isEqualTo(8);
    JsonNode history = events();
    assertThat(reasons(history))
        .contains("RolloutStarted", "StageComplete", "RolloutComplete")
        .doesNotContain("RolledBack");
    assertThat(history.valueStream())
        .filteredOn(e -> e.path("reason").asString().equals("StageComplete"))
        .extracting(e -> e.path("message").asString())
        .contains("Stage canary of revision 2 complete", "Stage eu of revision 2 complete");
    assertThat(history.valueStream())
        .filteredOn(e -> e.path("reason").asString().startsWith("Rollout"))
        .allSatisfy(
            e -> {
              assertThat(e.at("/source/component").asString()).isEqualTo("ubernetes-rollout");
              assertThat(e.at("/involvedObject/kind").asString()).isEqualTo("FederatedWorkload");
              assertThat(e.at("/involvedObject/uid").asString()).isEqualTo(uid);
            });
  }

  @Test
  void aCrashLoopInTheCanaryHaltsAndRollsItBackAndNoOtherClusterEverCarriesTheBadRevision() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));

    image("shop/app:crashloop");
    pass();
    canary.report(
        uid,
        2,
        """
        [{"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container",
          "pods": 2}]
        """);
    pass();
    Map<String, Integer> rolledBack = revisions();
    JsonNode rollingBack = rollout();
    // The rollback goes through the same gates: the canary's bake.
    healthy(uid, 1, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();
    pass();

    assertThat(rolledBack).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(rollingBack.path("phase").asString()).isEqualTo("RollingBack");
    assertThat(revisions()).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(seen.get(canary.name)).containsExactly(1, 2, 1);
    for (Agent other : List.of(fra, dub, iad)) {
      assertThat(seen.get(other.name)).as(other.name).containsOnly(1);
    }
    JsonNode rollout = rollout();
    assertThat(rollout.path("phase").asString()).isEqualTo("Halted");
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(1);
    assertThat(rollout.path("rolledBackFrom").asInt()).isEqualTo(2);
    assertThat(rollout.path("haltedReason").asString())
        .startsWith("Rolled back to revision 1")
        .contains("CrashLoopBackOff");
    JsonNode halted = condition(workload().path("status"), "RolloutHalted");
    assertThat(halted.path("status").asString()).isEqualTo("True");
    assertThat(halted.path("reason").asString()).isEqualTo("RolledBack");
    JsonNode rolledBackEvent =
        events()
            .valueStream()
            .filter(e -> e.path("reason").asString().equals("RolledBack"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RolledBack event in " + events()));
    assertThat(rolledBackEvent.path("type").asString()).isEqualTo("Warning");
    assertThat(rolledBackEvent.path("message").asString())
        .startsWith("Rolling back revision 2 to revision 1")
        .contains("CrashLoopBackOff");
  }

  @Test
  void withPauseOnFailureAFailedCanaryOnlyHalts() {
    String uid = stableAtRevisionOne(strategy("", "Pause"));

    image("shop/app:crashloop");
    pass();
    canary.report(
        uid,
        2,
        """
        [{"reason": "ImagePullBackOff", "message": "Back-off pulling image", "pods": 2}]
        """);
    pass();
    pass();

    assertThat(revisions()).isEqualTo(assigned(2, 1, 1, 1));
    JsonNode rollout = rollout();
    assertThat(rollout.path("phase").asString()).isEqualTo("Halted");
    assertThat(rollout.path("haltedReason").asString()).contains(canary.name);
    assertThat(cluster(rollout, canary).path("state").asString()).isEqualTo("Failed");
    assertThat(cluster(rollout, canary).path("reason").asString()).contains("ImagePullBackOff");
  }

  @Test
  void anApprovalGateWaitsForTheOperatorsApproval() {
    String uid = stableAtRevisionOne(strategy(", \"approval\": true", "Rollback"));
    image("shop/app:2");
    pass();
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();
    pass();
    Map<String, Integer> waiting = revisions();
    JsonNode gate = rollout();

    Response approved =
        api.mergePatch(path(), "{\"spec\": {\"rolloutControl\": {\"approve\": \"eu@2\"}}}");
    pass();

    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(waiting).isEqualTo(assigned(2, 1, 1, 1));
    assertThat(gate.path("phase").asString()).isEqualTo("Waiting");
    assertThat(gate.path("gate").asString()).isEqualTo("Approval");
    assertThat(gate.path("stage").asString()).isEqualTo("eu");
    assertThat(gate.path("gateSince").asString()).isNotBlank();
    assertThat(revisions()).isEqualTo(assigned(2, 2, 2, 1));
  }

  @Test
  void aPausedRolloutStartsNoClusterUntilItIsResumed() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));
    image("shop/app:2");
    pass();
    api.mergePatch(path(), "{\"spec\": {\"rolloutControl\": {\"paused\": true}}}");
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();
    pass();
    Map<String, Integer> paused = revisions();
    String phase = rollout().path("phase").asString();

    api.mergePatch(path(), "{\"spec\": {\"rolloutControl\": {\"paused\": false}}}");
    pass();
    pass();

    assertThat(paused).isEqualTo(assigned(2, 1, 1, 1));
    assertThat(phase).isEqualTo("Paused");
    assertThat(revisions()).isEqualTo(assigned(2, 2, 2, 1));
    assertThat(reasons(events())).contains("RolloutPaused", "RolloutResumed");
  }

  @Test
  void anAbortSendsTheUpdatedClustersBackToTheStableRevisionAtOnce() {
    stableAtRevisionOne(strategy("", "Rollback"));
    image("shop/app:2");
    pass();

    api.mergePatch(path(), "{\"spec\": {\"rolloutControl\": {\"abort\": 2}}}");
    pass();

    assertThat(revisions()).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(rollout().path("phase").asString()).isEqualTo("Aborted");
  }

  @Test
  void aClusterThatFailsMidRolloutDoesNotBlockIt() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));
    image("shop/app:2");
    pass();
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();
    healthy(uid, 2, fra);
    pass();
    // dub's agent falls silent and, after the failover grace period, its cluster has failed.
    report(dub.name, "Unknown", 64);
    advance(Duration.ofSeconds(61));
    later(canary, fra, iad);
    pass();
    pass();
    healthy(uid, 2, iad);
    pass();
    pass();

    JsonNode rollout = rollout();
    assertThat(rollout.path("phase").asString()).isEqualTo("Complete");
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(2);
    assertThat(revisions()).containsEntry(canary.name, 2).containsEntry(iad.name, 2);
    assertThat(revisions()).containsEntry(fra.name, 2);
  }

  @Test
  void aClusterThatJoinsMidRolloutGetsTheStableRevisionUntilItsStageComes() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));
    image("shop/app:2");
    pass();
    healthy(uid, 2, canary);

    Agent sfo = join("sfo", "main", "us");
    pass();

    assertThat(revisions()).containsEntry(sfo.name, 1).containsEntry(canary.name, 2);
    assertThat(seen.get(sfo.name)).containsOnly(1);
    JsonNode rollout = rollout();
    assertThat(cluster(rollout, sfo).path("revision").asInt()).isEqualTo(1);
    assertThat(cluster(rollout, sfo).path("state").asString()).isEqualTo("Waiting");
  }

  @Test
  void aWorkloadWithoutAStrategyStillRollsEverywhereAtOnce() {
    String uid = stableAtRevisionOne("");

    image("shop/app:2");
    pass();

    assertThat(revisions()).isEqualTo(assigned(2, 2, 2, 2));
    healthy(uid, 2, canary, fra, dub, iad);
    pass();
    assertThat(rollout().path("phase").asString()).isEqualTo("Complete");
    assertThat(rollout().path("currentRevision").asInt()).isEqualTo(2);
  }

  @Test
  void theVerbsApproveTheGateItWaitsOnPauseResumeAndAbortThroughTheSpec() {
    String uid = stableAtRevisionOne(strategy(", \"approval\": true", "Rollback"));
    image("shop/app:2");
    pass();
    int patchesBefore = auditedPatches();
    Response tooEarly = api.post(path() + "/rollout:approve", "");
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();

    Response approved = api.post(path() + "/rollout:approve", "");
    pass();
    Map<String, Integer> afterApproval = revisions();
    Response paused =
        api.post(
            "/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/"
                + run
                + "-web/rollout:pause",
            "");
    pass();
    String pausedPhase = rollout().path("phase").asString();
    Response resumed = api.post(path() + "/rollout:resume", "");
    Response aborted = api.post(path() + "/rollout:abort", "");
    pass();

    assertThat(tooEarly.status()).as(tooEarly.body()).isEqualTo(409);
    assertThat(tooEarly.body()).contains("waits on no approval");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().at("/spec/rolloutControl/approve").asString()).isEqualTo("eu@2");
    assertThat(afterApproval).isEqualTo(assigned(2, 2, 2, 1));
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().at("/spec/rolloutControl/paused").asBoolean()).isTrue();
    assertThat(pausedPhase).isEqualTo("Paused");
    assertThat(resumed.json().at("/spec/rolloutControl/paused").asBoolean()).isFalse();
    assertThat(aborted.status()).as(aborted.body()).isEqualTo(200);
    assertThat(aborted.json().at("/spec/rolloutControl/abort").asInt()).isEqualTo(2);
    assertThat(revisions()).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(rollout().path("phase").asString()).isEqualTo("Aborted");
    assertThat(auditedPatches() - patchesBefore).as("approve, pause, resume, abort").isEqualTo(4);
  }

  @Test
  void aRollbackToANonNumberIsRefusedNamingTheParameter() {
    stableAtRevisionOne("");

    Response refused = api.post(path() + "/rollout:rollback?to=two", "");
    Response missing = api.post(path() + "/rollout:rollback", "");

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.errorFields()).containsExactly("to");
    assertThat(missing.status()).as(missing.body()).isEqualTo(422);
  }

  @Test
  void theRolloutSubresourceShowsEachStageWithItsClusters() {
    String uid = stableAtRevisionOne(strategy("", "Rollback"));
    image("shop/app:2");
    pass();
    healthy(uid, 2, canary);
    pass();

    Response view = api.get(path() + "/rollout");
    Response viaGroup =
        api.get("/apis/ubernetes.io/v1/namespaces/shop/federatedworkloads/" + run + "-web/rollout");

    assertThat(view.status()).as(view.body()).isEqualTo(200);
    JsonNode rollout = view.json();
    assertThat(rollout.path("kind").asString()).isEqualTo("WorkloadRollout");
    assertThat(rollout.path("targetRevision").asInt()).isEqualTo(2);
    assertThat(rollout.path("currentRevision").asInt()).isEqualTo(1);
    assertThat(rollout.path("stage").asString()).isEqualTo("canary");
    assertThat(rollout.at("/strategy/stages/1/name").asString()).isEqualTo("eu");
    JsonNode stages = rollout.path("stages");
    assertThat(stages.valueStream().map(s -> s.path("name").asString()))
        .containsExactly("canary", "eu", "rest");
    assertThat(stages.get(0).at("/clusters/0/name").asString()).isEqualTo(canary.name);
    assertThat(stages.get(0).at("/clusters/0/state").asString()).isEqualTo("Baking");
    assertThat(stages.get(0).at("/gates/minReadyTime").asString()).isEqualTo("60s");
    assertThat(stages.get(1).path("clusters").valueStream().map(c -> c.path("name").asString()))
        .containsExactly(dub.name, fra.name);
    assertThat(stages.get(2).at("/clusters/0/name").asString()).isEqualTo(iad.name);
    assertThat(stages.get(2).at("/clusters/0/revision").asInt()).isEqualTo(1);
    assertThat(viaGroup.status()).isEqualTo(200);
    assertThat(viaGroup.json()).isEqualTo(rollout);
  }

  @Test
  void whileARevisionThatAsksForMoreRollsOutTheLedgerCountsEveryReplicaAtTheLargerRequest()
      throws Exception {
    stableAtRevisionOne(strategy("", "Rollback"));
    long before = ledgerCpuMillis();

    Response patched =
        api.jsonPatch(
            path(),
            """
            [{"op": "replace",
              "path": "/spec/template/spec/template/spec/containers/0/resources/requests/cpu",
              "value": "2"}]
            """);
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    pass();
    Map<String, Integer> canaryOnly = revisions();
    long during = ledgerCpuMillis();
    api.mergePatch(path(), "{\"spec\": {\"rolloutControl\": {\"abort\": 2}}}");
    pass();
    Map<String, Integer> aborted = revisions();

    assertThat(before).isEqualTo(100);
    assertThat(canaryOnly).isEqualTo(assigned(2, 1, 1, 1));
    assertThat(during)
        .as("each replica at the larger of the two revisions' requests")
        .isEqualTo(2000);
    assertThat(aborted).isEqualTo(assigned(1, 1, 1, 1));
  }

  @Test
  void theVerbsWorkOnAClusterFederatedWorkloadOnBothPaths() {
    clusterScoped = true;
    String group = "/apis/ubernetes.io/v1/clusterfederatedworkloads/" + run + "-web";
    String uid = stableAtRevisionOne(strategy(", \"approval\": true", "Rollback"));
    image("shop/app:2");
    pass();
    int patchesBefore = auditedPatches();
    Response tooEarly = api.post(group + "/rollout:approve", "");
    healthy(uid, 2, canary);
    pass();
    advance(Duration.ofSeconds(61));
    pass();

    Response approved = api.post(group + "/rollout:approve", "");
    pass();
    Map<String, Integer> afterApproval = revisions();
    Response paused = api.post(path() + "/rollout:pause", "");
    pass();
    String pausedPhase = rollout().path("phase").asString();
    Response resumed = api.post(group + "/rollout:resume", "");
    Response aborted = api.post(path() + "/rollout:abort", "");
    pass();
    Map<String, Integer> afterAbort = revisions();
    String abortedPhase = rollout().path("phase").asString();
    Response nothingToAbort = api.post(group + "/rollout:abort", "");
    Response rolledBack = api.post(group + "/rollout:rollback?to=2", "");
    Response badRevision = api.post(path() + "/rollout:rollback?to=two", "");
    Response unknown =
        api.post("/apis/ubernetes.io/v1/clusterfederatedworkloads/nothing/rollout:pause", "");

    assertThat(tooEarly.status()).as(tooEarly.body()).isEqualTo(409);
    assertThat(tooEarly.body()).contains("waits on no approval");
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().path("kind").asString()).isEqualTo("ClusterFederatedWorkload");
    assertThat(approved.json().at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(approved.json().at("/spec/rolloutControl/approve").asString()).isEqualTo("eu@2");
    assertThat(afterApproval).isEqualTo(assigned(2, 2, 2, 1));
    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().at("/spec/rolloutControl/paused").asBoolean()).isTrue();
    assertThat(pausedPhase).isEqualTo("Paused");
    assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
    assertThat(resumed.json().at("/spec/rolloutControl/paused").asBoolean()).isFalse();
    assertThat(aborted.status()).as(aborted.body()).isEqualTo(200);
    assertThat(aborted.json().at("/spec/rolloutControl/abort").asInt()).isEqualTo(2);
    assertThat(afterAbort).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(abortedPhase).isEqualTo("Aborted");
    assertThat(nothingToAbort.status()).as(nothingToAbort.body()).isEqualTo(409);
    assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
    assertThat(
            rolledBack.json().at("/spec/template/spec/template/spec/containers/0/image").asString())
        .as("the workload's template becomes revision 2's")
        .isEqualTo("shop/app:2");
    assertThat(badRevision.status()).as(badRevision.body()).isEqualTo(422);
    assertThat(badRevision.errorFields()).containsExactly("to");
    assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
    assertThat(auditedPatches() - patchesBefore)
        .as("approve, pause, resume, abort, rollback")
        .isEqualTo(5);
  }

  @Test
  void aHealthRulesDegradedVerdictOnTheCanarysCustomResourceHaltsAndRollsBackNamingIt() {
    String kind = "Db" + run.replace("-", "");
    customResource =
        """
        {"apiVersion": "example.com/v1", "kind": "%s", "metadata": {"name": "orders"},
         "spec": {"size": "small"}}
        """
            .formatted(kind);
    Response rule =
        api.post(
            "/apis/ubernetes.io/v1/healthrules",
            """
            {"metadata": {"name": "%s"},
             "spec": {"apiVersion": "example.com/v1", "kind": "%s",
                      "healthy": {"jsonPath": ".status.phase", "value": "Ready"},
                      "degraded": {"jsonPath": ".status.phase", "value": "Failed"}}}
            """
                .formatted(run, kind));
    assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    try {
      String uid = stableAtRevisionOne(strategy("", "Rollback"));

      image("shop/app:2");
      pass();
      Map<String, Integer> canaryOnly = revisions();
      // Its pods are fine; the custom resource is what the rule judges Degraded. The agent has no
      // built-in rule for the kind and reports the rule's values alone.
      Response reported =
          canary.report(
              uid,
              2,
              "[]",
              """
              [{"apiVersion": "example.com/v1", "kind": "%s", "namespace": "shop",
                "name": "orders",
                "feedback": {"healthRule/healthy": "Failed", "healthRule/degraded": "Failed"}}]
              """
                  .formatted(kind));
      assertThat(reported.status()).as(reported.body()).isEqualTo(204);
      pass();
      Map<String, Integer> rolledBack = revisions();
      JsonNode rollingBack = rollout();
      JsonNode objectsHealthy = condition(workload().path("status"), "ObjectsHealthy");
      // The rollback goes through the canary's bake; revision 1's resource is Ready there.
      canary.report(
          uid,
          1,
          "[]",
          """
          [{"apiVersion": "example.com/v1", "kind": "%s", "namespace": "shop", "name": "orders",
            "feedback": {"healthRule/healthy": "Ready", "healthRule/degraded": "Ready"}}]
          """
              .formatted(kind));
      pass();
      advance(Duration.ofSeconds(61));
      pass();
      pass();

      assertThat(canaryOnly).isEqualTo(assigned(2, 1, 1, 1));
      assertThat(rolledBack).isEqualTo(assigned(1, 1, 1, 1));
      assertThat(rollingBack.path("phase").asString()).isEqualTo("RollingBack");
      assertThat(rollingBack.path("haltedReason").asString())
          .contains(canary.name)
          .contains(kind + " orders: HealthRule/" + run);
      assertThat(objectsHealthy.path("status").asString()).isEqualTo("False");
      assertThat(objectsHealthy.path("message").asString())
          .contains(kind + " shop/orders Degraded: HealthRule/" + run);
      assertThat(seen.get(canary.name)).containsExactly(1, 2, 1);
      for (Agent other : List.of(fra, dub, iad)) {
        assertThat(seen.get(other.name)).as(other.name).containsOnly(1);
      }
      JsonNode rollout = rollout();
      assertThat(rollout.path("phase").asString()).isEqualTo("Halted");
      assertThat(rollout.path("currentRevision").asInt()).isEqualTo(1);
      assertThat(rollout.path("rolledBackFrom").asInt()).isEqualTo(2);
      assertThat(rollout.path("haltedReason").asString())
          .startsWith("Rolled back to revision 1")
          .contains(canary.name)
          .contains(kind + " orders: HealthRule/" + run);
      JsonNode halted = condition(workload().path("status"), "RolloutHalted");
      assertThat(halted.path("status").asString()).isEqualTo("True");
      assertThat(halted.path("reason").asString()).isEqualTo("RolledBack");
      assertThat(halted.path("message").asString()).contains(kind + " orders: HealthRule/" + run);
    } finally {
      api.delete("/apis/ubernetes.io/v1/healthrules/" + run);
    }
  }

  // --- helpers

  /** The workload's events, as kubectl describe reads them. */
  private JsonNode events() {
    Response list =
        api.get(
            (clusterScoped ? "/api/v1/events" : "/api/v1/namespaces/shop/events")
                + "?fieldSelector=involvedObject.name%3D"
                + run
                + "-web");
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json().path("items");
  }

  private static List<String> reasons(JsonNode events) {
    return events.valueStream().map(e -> e.path("reason").asString()).toList();
  }

  /** A Duplicated workload on this run's four clusters, revision 1 healthy everywhere. */
  private String stableAtRevisionOne(String strategy) {
    String body =
        """
        {"metadata": {"name": "%s-web"},
         "spec": {"replicas": 2,
                  "template": {"apiVersion": "apps/v1", "kind": "Deployment",%s
                               "spec": {"selector": {"matchLabels": {"app": "web"}},
                                        "template": {"metadata": {"labels": {"app": "web"}},
                                                     "spec": {"containers": [{"name": "app", "image": "shop/app:1",
                                                              "resources": {"requests": {"cpu": "100m"}}}]}}}},
                  "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}},
                                "mode": "Duplicated"}%s%s}}
        """
            .formatted(
                run,
                // A cluster-scoped workload's namespaced objects name their namespace.
                clusterScoped ? " \"metadata\": {\"namespace\": \"shop\"}," : "",
                run,
                strategy.isEmpty() ? "" : ", \"rolloutStrategy\": " + strategy,
                customResource.isEmpty() ? "" : ", \"resources\": [" + customResource + "]");
    Response created =
        api.post(
            clusterScoped ? "/api/v1/clusterworkloads" : "/api/v1/namespaces/shop/workloads", body);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    pass();
    String uid = workload().at("/metadata/uid").asString();
    healthy(uid, 1, canary, fra, dub, iad);
    pass();
    // The first revision has nothing to protect and goes everywhere at once, but bakes all the
    // same.
    advance(Duration.ofSeconds(61));
    pass();
    assertThat(revisions()).isEqualTo(assigned(1, 1, 1, 1));
    assertThat(rollout().path("phase").asString()).isEqualTo("Complete");
    return uid;
  }

  private static String strategy(String euExtra, String onFailure) {
    return CANARY_THEN_EU.formatted(euExtra, onFailure);
  }

  private void image(String image) {
    Response patched =
        api.jsonPatch(
            path(),
            """
            [{"op": "replace", "path": "/spec/template/spec/template/spec/containers/0/image",
              "value": "%s"}]
            """
                .formatted(image));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
  }

  /** One scheduling pass, after which every agent reads its work feed. */
  private void pass() {
    schedule();
    for (Agent agent : agents) {
      Integer revision = agent.revision();
      if (revision != null) {
        List<Integer> mine = seen.computeIfAbsent(agent.name, c -> new ArrayList<>());
        if (mine.isEmpty() || !mine.getLast().equals(revision)) {
          mine.add(revision);
        }
      }
    }
  }

  /** The revision each of the four clusters' work carries now. */
  private Map<String, Integer> revisions() {
    Map<String, Integer> revisions = new TreeMap<>();
    for (Agent agent : agents) {
      Integer revision = agent.revision();
      if (revision != null) {
        revisions.put(agent.name, revision);
      }
    }
    return revisions;
  }

  private Map<String, Integer> assigned(int onCanary, int onFra, int onDub, int onIad) {
    Map<String, Integer> revisions = new TreeMap<>();
    revisions.put(canary.name, onCanary);
    revisions.put(fra.name, onFra);
    revisions.put(dub.name, onDub);
    revisions.put(iad.name, onIad);
    return revisions;
  }

  private void healthy(String uid, int revision, Agent... reporting) {
    for (Agent agent : reporting) {
      Response reported = agent.report(uid, revision, "[]");
      assertThat(reported.status()).as(reported.body()).isEqualTo(204);
    }
  }

  /** The cpu per replica the capacity ledger counts for the workload, the same on every row. */
  private long ledgerCpuMillis() throws java.sql.SQLException {
    String uid = workload().at("/metadata/uid").asString();
    try (java.sql.Connection connection = dataSource.getConnection();
        java.sql.PreparedStatement query =
            connection.prepareStatement(
                "select distinct cpu_millis from placement_ledger where workload_uid = ?")) {
      query.setObject(1, java.util.UUID.fromString(uid));
      try (java.sql.ResultSet rows = query.executeQuery()) {
        assertThat(rows.next()).as("ledger rows of the workload").isTrue();
        long cpu = rows.getLong(1);
        assertThat(rows.next()).as("one unit for every row").isFalse();
        return cpu;
      }
    }
  }

  /** The workload's patches the audit log holds, allowed ones. */
  private int auditedPatches() {
    Response audit =
        api.get(
            "/api/v1/audit?"
                + (clusterScoped
                    ? "resource=ClusterFederatedWorkload"
                    : "resource=FederatedWorkload&namespace=shop")
                + "&verb=patch&outcome=allowed&name="
                + run
                + "-web");
    assertThat(audit.status()).as(audit.body()).isEqualTo(200);
    return audit.json().path("items").size();
  }

  private String path() {
    return clusterScoped
        ? "/api/v1/clusterworkloads/" + run + "-web"
        : "/api/v1/namespaces/shop/workloads/" + run + "-web";
  }

  private JsonNode workload() {
    return api.get(path()).json();
  }

  private JsonNode rollout() {
    return workload().at("/status/rollout");
  }

  private static JsonNode cluster(JsonNode rollout, Agent agent) {
    return rollout
        .path("clusters")
        .valueStream()
        .filter(c -> c.path("name").asString().equals(agent.name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + agent.name + " in " + rollout));
  }

  private static JsonNode condition(JsonNode status, String type) {
    return status
        .path("conditions")
        .valueStream()
        .filter(c -> c.path("type").asString().equals(type))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " condition in " + status));
  }

  /** The agents given send a heartbeat now. */
  private void later(Agent... beating) {
    for (Agent agent : beating) {
      agent.beat();
    }
  }

  /** A cluster of this run, joined, with a heartbeat sent, labelled with its ring and area. */
  private Agent join(String suffix, String ring, String area) {
    String name = run + "-" + suffix;
    String credential = api.joinCluster(name, JOIN_TOKEN);
    api.mergePatch(
        "/api/v1/clusters/" + name,
        """
        {"metadata": {"labels": {"test-run": "%s", "ring": "%s", "area": "%s"}},
         "spec": {"cost": {"cpuCoreHour": 0.01, "memoryGiBHour": 0}}}
        """
            .formatted(run, ring, area));
    Agent agent = new Agent(name, credential);
    agent.beat();
    agents.add(agent);
    return agent;
  }

  /** A joined cluster of this run, as its agent speaks for it. */
  private final class Agent {
    final String name;
    final String credential;

    Agent(String name, String credential) {
      this.name = name;
      this.credential = credential;
    }

    void beat() {
      String body =
          """
          {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "400"},
           "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
           "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true,
           "nodes": [{"count": 4, "free": {"cpu": "16", "memory": "64Gi", "pods": "100"}}]}
          """;
      Response answer = send("PUT", "/api/v1/agent/clusters/" + name + "/heartbeat", body);
      assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    /** Reports the workload's two replicas applied at a revision, all available. */
    Response report(String uid, int revision, String podIssues) {
      return report(uid, revision, podIssues, "[]");
    }

    /** Reports the workload at a revision, with its pods' issues and the objects' status. */
    Response report(String uid, int revision, String podIssues, String objects) {
      boolean healthy = podIssues.strip().equals("[]");
      String body =
          """
          {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true,
                          "replicas": 2, "readyReplicas": %d, "errors": [], "services": [],
                          "updatedReplicas": 2, "availableReplicas": %d, "podIssues": %s,
                          "workloadRevision": %d, "restarts": 0, "objects": %s}]}
          """
              .formatted(uid, healthy ? 2 : 0, healthy ? 2 : 0, podIssues, revision, objects);
      return send("PUT", "/api/v1/agent/clusters/" + name + "/status", body);
    }

    /** The workload revision of this run's workload in the cluster's work now; null if none. */
    Integer revision() {
      Response feed = send("GET", "/api/v1/agent/clusters/" + name + "/work?since=0", null);
      assertThat(feed.status()).as(feed.body()).isEqualTo(200);
      Map<String, JsonNode> items = new LinkedHashMap<>();
      feed.json().path("items").forEach(item -> items.put(item.path("name").asString(), item));
      JsonNode item = items.get(run + "-web");
      if (item == null || item.path("workloadRevision").isNull()) {
        return null;
      }
      JsonNode deployment = item.path("manifests").get(item.path("manifests").size() - 1);
      int revision = item.path("workloadRevision").asInt();
      assertThat(deployment.at("/metadata/annotations/ubernetes.io~1revision").asString())
          .as("the objects carry the revision of the work item")
          .isEqualTo(Integer.toString(revision));
      return revision;
    }

    private Response send(String method, String path, String body) {
      return new ApiClient(port()).sendAuthorized(method, path, credential, body);
    }
  }
}
