package io.ubernetes.kubectl;

import static io.ubernetes.kubectl.Fixtures.API;
import static io.ubernetes.kubectl.Fixtures.WORKLOADS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ubernetes.kubectl.Federation.Run;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code rollout status|pause|resume|approve|abort|undo}: requests, output and exit codes. */
class RolloutCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEB = WORKLOADS + "/web";
  private static final String WAITING =
      workload(
          2,
          2,
          """
          {"currentRevision": 1, "targetRevision": 2, "phase": "Waiting", "stage": "eu",
           "gate": "Approval", "gateSince": "2026-12-07T05:08:34Z",
           "clusters": [{"name": "aws-eu-west", "revision": 1, "state": "Waiting", "since": "2026-12-07T05:08:00Z"},
                        {"name": "gcp-eu-north", "revision": 2, "state": "Healthy", "since": "2026-12-07T05:08:14Z"}]}
          """);
  private static final String PROGRESSING =
      workload(
          2,
          2,
          """
          {"currentRevision": 1, "targetRevision": 2, "phase": "Progressing", "stage": "eu",
           "clusters": [{"name": "aws-eu-west", "revision": 2, "state": "Baking"},
                        {"name": "gcp-eu-north", "revision": 2, "state": "Healthy"}]}
          """);
  private static final String COMPLETE =
      workload(
          2,
          2,
          """
          {"currentRevision": 2, "targetRevision": 2, "phase": "Complete",
           "clusters": [{"name": "aws-eu-west", "revision": 2, "state": "Healthy"},
                        {"name": "gcp-eu-north", "revision": 2, "state": "Healthy"}]}
          """);
  private Federation federation;

  @BeforeEach
  void start() throws IOException {
    federation = new Federation();
  }

  @AfterEach
  void stop() {
    federation.close();
  }

  private static String workload(int generation, int observed, String rollout) {
    return """
        {"metadata": {"name": "web", "namespace": "shop", "generation": %d},
         "status": {"observedGeneration": %d, "rollout": %s}}"""
        .formatted(generation, observed, rollout);
  }

  @Test
  void statusPrintsThePhaseStageGateAndEachClustersRevisionAndState() {
    federation.answer(WEB, WAITING);

    Run status = federation.run("rollout", "status", "web");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .isEqualTo(
            """
            Workload:   shop/web
            Revision:   1 -> 2
            Phase:      Waiting
            Stage:      eu
            Gate:       Approval since 2026-12-07T05:08:34Z

            CLUSTER        REVISION   STATE     SINCE                  REASON
            aws-eu-west    1          Waiting   2026-12-07T05:08:00Z   <none>
            gcp-eu-north   2          Healthy   2026-12-07T05:08:14Z   <none>
            """);
  }

  @Test
  void statusAsJsonHasTheRevisionsAndClusters() throws Exception {
    federation.answer(WEB, WAITING);

    Run status = federation.run("rollout", "status", "web", "-n", "shop", "-o", "json");

    JsonNode state = JSON.readTree(status.out());
    assertThat(state.path("currentRevision").asInt()).isEqualTo(1);
    assertThat(state.path("targetRevision").asInt()).isEqualTo(2);
    assertThat(state.path("gate").asText()).isEqualTo("Approval");
    assertThat(state.path("clusters").findValuesAsText("cluster"))
        .containsExactly("aws-eu-west", "gcp-eu-north");
  }

  @Test
  void watchFollowsTheRolloutLineByLineUntilItIsComplete() {
    federation.answerInTurn(WEB, WAITING, WAITING, PROGRESSING, COMPLETE);

    Run watch = federation.run("rollout", "status", "web", "-w");

    assertThat(watch.exitCode()).as(watch.err()).isZero();
    assertThat(watch.out())
        .isEqualTo(
            """
            rollout of shop/web: revision 1 -> 2, Waiting stage eu (Approval), 1/2 clusters on revision 2
            rollout of shop/web: revision 1 -> 2, Progressing stage eu, 2/2 clusters on revision 2
            rollout of shop/web: revision 2, Complete, 2/2 clusters on revision 2
            rollout of shop/web complete: revision 2
            """);
  }

  @Test
  void watchWaitsForTheLatestSpecAndExitsOneWhenTheRolloutIsRolledBack() {
    federation.answerInTurn(
        WEB,
        workload(3, 2, "{\"currentRevision\": 2, \"targetRevision\": 2, \"phase\": \"Complete\"}"),
        workload(
            3,
            3,
            """
            {"currentRevision": 2, "targetRevision": 3, "phase": "Halted", "stage": "canary",
             "rolledBackFrom": 3, "haltedReason": "Rolled back to revision 2: stage canary: gcp-eu-north failed: CrashLoopBackOff"}
            """));

    Run watch = federation.run("rollout", "status", "web", "--watch");

    assertThat(watch.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(watch.err())
        .isEqualTo(
            "error: the rollout of shop/web was rolled back: Rolled back to revision 2: stage"
                + " canary: gcp-eu-north failed: CrashLoopBackOff\n");
  }

  @Test
  void watchExitsOneWhenAbortedOrWhenTheTimeRunsOut() {
    federation.answer(
        WEB,
        workload(2, 2, "{\"currentRevision\": 1, \"targetRevision\": 2, \"phase\": \"Aborted\"}"));
    Run aborted = federation.run("rollout", "status", "web", "-w");
    federation.answer(WEB, WAITING);
    Run timedOut = federation.run("rollout", "status", "web", "-w", "--timeout", "30ms");

    assertThat(aborted.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(aborted.err()).isEqualTo("error: the rollout of shop/web was aborted\n");
    assertThat(timedOut.exitCode()).isEqualTo(1);
    assertThat(timedOut.err()).contains("did not end within PT0.03S");
  }

  @Test
  void aWorkloadWithoutARolloutOrNoWorkloadIsNotFound() {
    federation.answer(WEB, "{\"metadata\": {\"name\": \"web\", \"namespace\": \"shop\"}}");

    Run notRolled = federation.run("rollout", "status", "web");
    Run missing = federation.run("rollout", "status", "nope");

    assertThat(notRolled.exitCode()).isEqualTo(Ubernetes.NOT_FOUND);
    assertThat(notRolled.err()).contains("rollout of workload shop/web not found");
    assertThat(missing.exitCode()).isEqualTo(3);
  }

  @Test
  void pauseResumeApproveAndAbortPostTheFederationsVerbs() {
    for (String verb : new String[] {"pause", "resume", "approve", "abort"}) {
      federation.answer("POST " + WEB + "/rollout:" + verb, 200, "{}");
    }

    Run pause = federation.run("rollout", "pause", "web");
    Run resume = federation.run("rollout", "resume", "web", "-n", "shop");
    Run approve = federation.run("rollout", "approve", "web");
    Run abort = federation.run("rollout", "abort", "web");

    assertThat(pause.out()).isEqualTo("federatedworkload/web paused\n");
    assertThat(resume.out()).isEqualTo("federatedworkload/web resumed\n");
    assertThat(approve.out()).isEqualTo("federatedworkload/web approved\n");
    assertThat(abort.out()).isEqualTo("federatedworkload/web aborted\n");
    assertThat(federation.writes())
        .containsExactly(
            "POST " + WEB + "/rollout:pause",
            "POST " + WEB + "/rollout:resume",
            "POST " + WEB + "/rollout:approve",
            "POST " + WEB + "/rollout:abort");
  }

  @Test
  void approveWhenNothingWaitsIsTheFederationsConflictInItsWords() {
    federation.answer(
        "POST " + WEB + "/rollout:approve",
        409,
        "{\"kind\": \"Status\", \"code\": 409, \"message\": \"the rollout of workload shop/web"
            + " waits on no approval (phase Complete)\"}");

    Run approve = federation.run("rollout", "approve", "web");

    assertThat(approve.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(approve.err())
        .isEqualTo(
            "error: the federation refused to act on the workload shop/web: HTTP 409: the rollout"
                + " of workload shop/web waits on no approval (phase Complete)\n");
  }

  @Test
  void undoRollsBackToTheRevisionGivenOrTheOneBeforeTheNewest() {
    federation
        .answer("POST " + WEB + "/rollout:rollback", 200, "{}")
        .answer(
            WEB + "/revisions",
            "{\"items\": [{\"revision\": 3}, {\"revision\": 2}, {\"revision\": 1}]}");

    Run previous = federation.run("rollout", "undo", "web");
    Run toOne = federation.run("rollout", "undo", "web", "--to-revision", "1");
    Run bad = federation.run("rollout", "undo", "web", "--to-revision", "0");

    assertThat(previous.exitCode()).as(previous.err()).isZero();
    assertThat(previous.out()).isEqualTo("federatedworkload/web rolled back to revision 2\n");
    assertThat(toOne.out()).isEqualTo("federatedworkload/web rolled back to revision 1\n");
    assertThat(bad.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(federation.writes())
        .containsExactly(
            "POST " + WEB + "/rollout:rollback?to=2", "POST " + WEB + "/rollout:rollback?to=1");
  }

  @Test
  void theVerbsTakeAClusterScopedWorkloadByItsShortOrFullKind() {
    String tools = API + "clusterfederatedworkloads/tools";
    federation
        .answer(
            tools,
            """
            {"metadata": {"name": "tools", "generation": 1},
             "status": {"observedGeneration": 1, "rollout":
               {"currentRevision": 1, "targetRevision": 1, "phase": "Complete",
                "clusters": [{"name": "aws-eu-west", "revision": 1, "state": "Healthy"}]}}}
            """)
        .answer("POST " + tools + "/rollout:pause", 200, "{}")
        .answer("POST " + tools + "/rollout:rollback", 200, "{}")
        .answer(tools + "/revisions", "{\"items\": [{\"revision\": 2}, {\"revision\": 1}]}");

    Run status = federation.run("rollout", "status", "cfw/tools", "-w");
    Run pause = federation.run("rollout", "pause", "clusterfederatedworkload/tools");
    Run undo = federation.run("rollout", "undo", "clusterfederatedworkloads/tools");

    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out())
        .contains("rollout of clusterfederatedworkload/tools: revision 1")
        .endsWith("rollout of clusterfederatedworkload/tools complete: revision 1\n");
    assertThat(pause.out()).isEqualTo("clusterfederatedworkload/tools paused\n");
    assertThat(undo.out()).isEqualTo("clusterfederatedworkload/tools rolled back to revision 1\n");
    assertThat(federation.writes())
        .containsExactly(
            "POST " + tools + "/rollout:pause", "POST " + tools + "/rollout:rollback?to=1");
  }

  @Test
  void undoWithOnlyOneRevisionKeptExitsOne() {
    federation.answer(WEB + "/revisions", "{\"items\": [{\"revision\": 1}]}");

    Run undo = federation.run("rollout", "undo", "web");

    assertThat(undo.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(undo.err()).isEqualTo("error: workload shop/web keeps no revision before 1\n");
    assertThat(federation.writes()).isEmpty();
  }

  @Test
  void rolloutAloneOrWithoutAWorkloadIsAUsageError() {
    Run alone = federation.run("rollout");
    Run noWorkload = federation.run("rollout", "status");

    assertThat(alone.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(alone.err()).contains("Missing what to do: status, pause, resume");
    assertThat(noWorkload.exitCode()).isEqualTo(2);
    assertThat(noWorkload.err()).contains("Missing required parameter: 'WORKLOAD'");
  }
}
