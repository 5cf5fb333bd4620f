package io.ubernetes.placement.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.ubernetes.placement.LabelSelector;
import io.ubernetes.placement.Rollout.Bound;
import io.ubernetes.placement.rollout.Passes.Behaviour;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rollout state machine, behaviour by behaviour, over a fleet of four: a canary in Frankfurt,
 * two more EU clusters (ordered by zone) and one in the US that only the implicit {@code rest}
 * stage takes.
 */
class RolloutMachineTest {
  private static final Duration BAKE = Duration.ofSeconds(30);
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final String CANARY = "onprem-fra";
  private static final String EU_A = "gcp-eu-north";
  private static final String EU_B = "aws-eu-west";
  private static final String US = "aws-us-east";

  private static Stage canary(boolean approval) {
    return new Stage(
        "canary",
        select("ubernetes.io/rollout-ring", "canary"),
        null,
        Bound.replicas(1),
        0,
        BAKE,
        approval,
        null,
        false);
  }

  private static Stage eu(boolean approval, boolean countLeaving) {
    return new Stage(
        "eu",
        select("region", "eu"),
        "zone",
        Bound.replicas(1),
        0,
        BAKE,
        approval,
        null,
        countLeaving);
  }

  private static RolloutPlan plan(OnFailure onFailure, Stage... stages) {
    return new RolloutPlan(List.of(stages), onFailure);
  }

  private static LabelSelector select(String key, String value) {
    return new LabelSelector(Map.of(key, value), List.of());
  }

  private static Passes fleet(RolloutPlan plan) {
    return new Passes(plan)
        .cluster(CANARY, "ubernetes.io/rollout-ring=canary", "region=eu", "zone=c")
        .cluster(EU_B, "region=eu", "zone=b")
        .cluster(EU_A, "region=eu", "zone=a")
        .cluster(US, "region=us");
  }

  private static final RolloutPlan STANDARD =
      plan(OnFailure.ROLLBACK, canary(false), eu(false, false));

  private static Passes standard() {
    return fleet(STANDARD).stableAt(1);
  }

  @Test
  void aGoodRevisionAdvancesCanaryThenEuOneByOneByZoneThenTheRest() {
    Passes run = standard().revision(2);

    run.pass();
    assertThat(run.assignments())
        .containsOnly(entry(EU_B, 1), entry(EU_A, 1), entry(US, 1), entry(CANARY, 2));
    assertThat(run.state().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.UPDATING);
    assertThat(run.stateOf(EU_A)).isEqualTo(ClusterState.WAITING);

    run.after(SECOND);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);
    run.after(BAKE);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.HEALTHY);
    assertThat(run.state().stage()).isEqualTo(1);
    // Zone a before zone b, one at a time.
    assertThat(run.assignments()).contains(entry(EU_A, 2), entry(EU_B, 1), entry(US, 1));

    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.assignments()).contains(entry(EU_A, 2), entry(EU_B, 2), entry(US, 1));
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.state().stage()).isEqualTo(2);
    assertThat(run.assignments()).containsEntry(US, 2);

    // The rest has no bake: healthy as soon as it reports so.
    run.after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.state().stable()).isEqualTo(2);
    assertThat(run.state().clusters().values())
        .allSatisfy(cluster -> assertThat(cluster.state()).isEqualTo(ClusterState.HEALTHY));
    assertThat(run.events())
        .contains(
            "revision 2: rollout started from stable revision 1",
            "stage canary started: onprem-fra",
            "stage canary: onprem-fra healthy on revision 2",
            "stage eu started: gcp-eu-north, aws-eu-west",
            "stage rest started: aws-us-east",
            "revision 2 complete: it is the stable revision");
  }

  @Test
  void aStageWaitsOnTheBakeOfItsClustersUntilMinReadyTime() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);

    run.after(BAKE.minusSeconds(1));

    assertThat(run.state().phase()).isEqualTo(Phase.WAITING);
    assertThat(run.state().gate()).isEqualTo(Gate.BAKE);
    assertThat(run.state().gateSince()).isEqualTo(Passes.T0.plusSeconds(1));
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);
    assertThat(run.assignments()).containsEntry(EU_A, 1);
    assertThat(RolloutMachine.nextWake(STANDARD, run.state()))
        .contains(Passes.T0.plusSeconds(1).plus(BAKE));
  }

  @Test
  void aStageWithApprovalWaitsForTheApprovalOfItsStageAndRevision() {
    Passes run = fleet(plan(OnFailure.ROLLBACK, canary(false), eu(true, false))).stableAt(1);
    run.revision(2).approve("eu@1").pass();
    run.after(SECOND);
    run.after(BAKE);

    assertThat(run.state().phase()).isEqualTo(Phase.WAITING);
    assertThat(run.state().gate()).isEqualTo(Gate.APPROVAL);
    assertThat(run.state().gateSince()).isEqualTo(Passes.T0.plusSeconds(31));
    assertThat(run.state().stageStartedAt()).isNull();
    assertThat(run.events())
        .contains("stage eu: waits for approval: set rolloutControl.approve to \"eu@2\"");

    // A stale approval (another revision's) is inert.
    run.after(Duration.ofMinutes(5));
    assertThat(run.assignments()).containsEntry(EU_A, 1).containsEntry(EU_B, 1);

    run.approve("eu@2").after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(run.state().gate()).isEqualTo(Gate.NONE);
    assertThat(run.assignments()).containsEntry(EU_A, 2).containsEntry(EU_B, 1);
  }

  @Test
  void atMostMaxConcurrencyClustersOfAStageUpdateAtOnce() {
    Stage half =
        new Stage("all", LabelSelector.ALL, null, Bound.percent(50), 0, BAKE, false, null, false);
    Passes run = fleet(plan(OnFailure.ROLLBACK, half)).stableAt(1).revision(2);

    run.pass();
    // Names in order: aws-eu-west, aws-us-east first; 50% of 4 is 2.
    assertThat(run.assignments())
        .containsExactly(entry(EU_B, 2), entry(US, 2), entry(EU_A, 1), entry(CANARY, 1));
    run.after(SECOND);
    assertThat(run.assignments()).containsEntry(EU_A, 1);
    run.after(BAKE);
    assertThat(run.assignments()).containsEntry(EU_A, 2).containsEntry(CANARY, 2);
  }

  @Test
  void aFailureBeyondMaxFailuresWithPauseHaltsWhereItIs() {
    Passes run = fleet(plan(OnFailure.PAUSE, canary(false), eu(false, false))).stableAt(1);
    run.revision(2).bad(2).pass();

    run.after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason())
        .isEqualTo(
            "stage canary: onprem-fra failed: CrashLoopBackOff (3 pods): back-off restarting"
                + " failed container");
    assertThat(run.cluster(CANARY).reason())
        .isEqualTo("CrashLoopBackOff (3 pods): back-off restarting failed container");
    assertThat(run.events())
        .contains(
            "stage canary: onprem-fra failed: CrashLoopBackOff (3 pods): back-off restarting"
                + " failed container");
    assertThat(run.state().gate()).isEqualTo(Gate.APPROVAL);
    for (int i = 0; i < 5; i++) {
      run.after(Duration.ofMinutes(1));
      assertThat(run.assignments())
          .containsOnly(entry(EU_B, 1), entry(EU_A, 1), entry(US, 1), entry(CANARY, 2));
      assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    }
  }

  @Test
  void aFailureThatFreesASlotHaltsWithoutStartingTheNextCluster() {
    Stage oneByOne =
        new Stage(
            "eu", select("region", "eu"), "zone", Bound.replicas(1), 0, BAKE, false, null, false);
    Passes run = fleet(plan(OnFailure.PAUSE, oneByOne)).stableAt(1).revision(2).bad(EU_A, 2);
    run.pass();
    assertThat(run.assignments()).containsEntry(EU_A, 2).containsEntry(EU_B, 1);

    run.after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.assignments()).containsEntry(EU_B, 1);
  }

  @Test
  void aHaltedRolloutResumesOnAnApprovalOfTheHaltedStage() {
    Passes run = fleet(plan(OnFailure.PAUSE, canary(false), eu(false, false))).stableAt(1);
    run.revision(2).behaves(CANARY, Behaviour.CRASHING).pass();
    run.after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    // Unpausing is not resuming.
    run.paused(true).after(SECOND);
    run.paused(false).after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);

    run.behaves(CANARY, Behaviour.HEALTHY).approve("canary@2").after(SECOND);

    assertThat(run.events())
        .contains("stage canary: resumed by the operator (canary@2): onprem-fra updating again");
    assertThat(run.stateOf(CANARY)).isIn(ClusterState.UPDATING, ClusterState.BAKING);
    assertThat(run.cluster(CANARY).flaps()).isZero();
    run.settle(BAKE, 20);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.state().stable()).isEqualTo(2);
  }

  @Test
  void anApprovalThatWasAlreadySetWhenItHaltedDoesNotResumeIt() {
    Passes run = fleet(plan(OnFailure.PAUSE, canary(true), eu(false, false))).stableAt(1);
    run.revision(2).behaves(CANARY, Behaviour.CRASHING).approve("canary@2").pass();
    assertThat(run.assignments()).containsEntry(CANARY, 2);
    run.after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().gate()).isEqualTo(Gate.NONE);

    run.after(Duration.ofMinutes(1));
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);

    run.approve(null).after(SECOND);
    assertThat(run.state().gate()).isEqualTo(Gate.APPROVAL);
    run.approve("canary@2").after(SECOND);
    assertThat(run.state().phase()).isNotEqualTo(Phase.HALTED);
  }

  @Test
  void aFailureWithRollbackTakesTheUpdatedClustersBackToStable() {
    Passes run = standard().revision(2).bad(2);
    Set<String> everOnTwo = new HashSet<>();

    run.pass();
    run.after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(run.state().rolledBackFrom()).isEqualTo(2);
    assertThat(run.state().haltedReason())
        .isEqualTo(
            "stage canary: onprem-fra failed: CrashLoopBackOff (3 pods): back-off restarting"
                + " failed container");
    assertThat(run.assignments()).containsEntry(CANARY, 1);
    for (int i = 0; i < 10; i++) {
      run.after(BAKE);
      run.assignments()
          .forEach(
              (name, revision) -> {
                if (revision == 2) {
                  everOnTwo.add(name);
                }
              });
    }

    assertThat(everOnTwo).isEmpty();
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason())
        .isEqualTo(
            "Rolled back to revision 1: stage canary: onprem-fra failed: CrashLoopBackOff (3"
                + " pods): back-off restarting failed container");
    assertThat(run.state().target()).isEqualTo(2);
    assertThat(run.state().stable()).isEqualTo(1);
    assertThat(run.state().rolledBackFrom()).isEqualTo(2);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.HEALTHY);
  }

  @Test
  void aRollbackGoesThroughTheSameStagesAndGates() {
    Passes run = fleet(plan(OnFailure.ROLLBACK, canary(false), eu(true, false))).stableAt(1);
    run.revision(2).bad(EU_B, 2).approve("eu@2").pass();
    run.after(SECOND);
    run.after(BAKE);
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.assignments()).containsEntry(EU_A, 2).containsEntry(EU_B, 2);

    run.after(SECOND);

    // Canary first, back to 1; the EU clusters keep 2 until their stage.
    assertThat(run.state().phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(run.assignments()).containsEntry(CANARY, 1).containsEntry(EU_A, 2);
    run.after(SECOND);
    assertThat(run.state().gate()).isEqualTo(Gate.BAKE);
    run.after(BAKE);
    assertThat(run.state().gate()).isEqualTo(Gate.APPROVAL);
    assertThat(run.state().phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(run.events())
        .contains(
            "stage eu (rollback): waits for approval: set rolloutControl.approve to \"eu@1\"");
    run.after(Duration.ofMinutes(1));
    assertThat(run.assignments()).containsEntry(EU_A, 2);

    run.approve("eu@1").after(SECOND);
    assertThat(run.assignments()).containsEntry(EU_A, 1).containsEntry(EU_B, 2);
    run.settle(BAKE, 20);
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 1), entry(EU_A, 1), entry(EU_B, 1), entry(US, 1));
    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason())
        .startsWith("Rolled back to revision 1: stage eu: aws-eu-west failed: CrashLoopBackOff");
  }

  @Test
  void aFailureDuringTheRollbackHalts() {
    Passes run = standard().revision(2).bad(2).bad(1);
    run.pass();
    run.after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.ROLLING_BACK);

    run.after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason())
        .startsWith(
            "Rollback to revision 1 failed: stage canary: onprem-fra failed: CrashLoopBackOff");
  }

  @Test
  void pausingHoldsTheRolloutWhereItIsWhileHealthIsStillJudged() {
    Passes run = standard().revision(2);
    run.pass();
    run.paused(true).after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.PAUSED);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);

    run.after(BAKE);
    run.after(BAKE);

    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.HEALTHY);
    assertThat(run.assignments()).containsEntry(EU_A, 1);
    assertThat(run.state().phase()).isEqualTo(Phase.PAUSED);

    run.paused(false).after(SECOND);
    assertThat(run.state().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(run.assignments()).containsEntry(EU_A, 2);
  }

  @Test
  void abortingSendsEveryUpdatedClusterBackToStableAtOnce() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.assignments()).containsEntry(CANARY, 2).containsEntry(EU_A, 2);

    run.abort(1).after(SECOND);
    assertThat(run.state().phase()).isNotEqualTo(Phase.ABORTED);

    run.abort(2).after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.ABORTED);
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 1), entry(EU_A, 1), entry(EU_B, 1), entry(US, 1));
    assertThat(run.state().haltedReason())
        .isEqualTo("Aborted by the operator: back to revision 1 on gcp-eu-north, onprem-fra");
    run.settle(BAKE, 10);
    assertThat(run.state().phase()).isEqualTo(Phase.ABORTED);
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 1), entry(EU_A, 1), entry(EU_B, 1), entry(US, 1));
  }

  @Test
  void abortingWithoutAStableRevisionIsInertAndSaysSo() {
    Passes run = fleet(plan(OnFailure.ROLLBACK, canary(false))).behaves(US, Behaviour.STARTING);
    run.pass();

    run.abort(1).after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(run.assignments()).containsEntry(US, 1);
    assertThat(run.last().events())
        .contains(
            "abort of revision 1 ignored: there is no stable revision to go back to; clusters"
                + " keep revision 1");
  }

  @Test
  void aClusterThatJoinsMidRolloutRunsStableUntilItsStageComes() {
    Passes run = standard().revision(2);
    run.pass();

    run.cluster("azure-eu-south", "region=eu", "zone=a2").after(SECOND);

    assertThat(run.assignments()).containsEntry("azure-eu-south", 1);
    assertThat(run.stateOf("azure-eu-south")).isEqualTo(ClusterState.WAITING);
    assertThat(run.cluster("azure-eu-south").stage()).isEqualTo("eu");
    run.after(BAKE);
    // Its stage: zone a, a2, b.
    assertThat(run.assignments()).containsEntry(EU_A, 2).containsEntry("azure-eu-south", 1);
    run.settle(BAKE, 30);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.assignments()).containsEntry("azure-eu-south", 2);
  }

  @Test
  void aClusterThatJoinsAStageAlreadyDoneIsUpdatedThere() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);

    run.cluster("canary-2", "ubernetes.io/rollout-ring=canary").after(SECOND);

    assertThat(run.assignments()).containsEntry("canary-2", 2);
    assertThat(run.stateOf("canary-2")).isEqualTo(ClusterState.UPDATING);
  }

  @Test
  void aClusterThatLeavesMidStageIsGoneAndDoesNotBlockTheStage() {
    Passes run = standard().revision(2).behaves(EU_A, Behaviour.STARTING);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.stateOf(EU_A)).isEqualTo(ClusterState.UPDATING);

    run.leaving(EU_A).after(SECOND);
    assertThat(run.stateOf(EU_A)).isEqualTo(ClusterState.GONE);
    assertThat(run.assignments()).containsEntry(EU_B, 2);
    run.remove(EU_A).after(SECOND);
    assertThat(run.state().clusters()).doesNotContainKey(EU_A);
    run.settle(BAKE, 20);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
  }

  @Test
  void aClusterThatLeavesCountsAsAFailureWhenTheStageSaysSo() {
    Passes run =
        fleet(plan(OnFailure.PAUSE, canary(false), eu(false, true)))
            .stableAt(1)
            .revision(2)
            .behaves(EU_A, Behaviour.STARTING);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);

    run.leaving(EU_A).after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason()).isEqualTo("stage eu: gcp-eu-north left the fleet");
  }

  @Test
  void replicasThatFailOverKeepTheRevisionTheyRan() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.assignments()).containsEntry(CANARY, 2);

    // The canary fails; its replicas move to a new US cluster whose stage has not come.
    run.leaving(CANARY).cluster("aws-us-west", "region=us").after(SECOND);

    assertThat(run.assignments()).containsEntry("aws-us-west", 2);
    assertThat(run.stateOf("aws-us-west")).isEqualTo(ClusterState.UPDATING);
  }

  @Test
  void replicasFailingOverFromAClusterOnStableKeepStable() {
    Passes run = standard().revision(2);
    run.pass();

    run.leaving(US).cluster("aws-us-west", "region=us").after(SECOND);

    assertThat(run.assignments()).containsEntry("aws-us-west", 1);
    assertThat(run.stateOf("aws-us-west")).isEqualTo(ClusterState.WAITING);
  }

  @Test
  void aClusterThatComesBackIsUpdatedAsOneThatJoins() {
    Passes run = standard().revision(2);
    run.pass();
    run.leaving(CANARY).after(SECOND);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.GONE);
    // Without the canary the rollout moves on to the EU stage.
    assertThat(run.assignments()).containsEntry(EU_A, 2);

    run.remove(CANARY).cluster(CANARY, "ubernetes.io/rollout-ring=canary").after(SECOND);

    assertThat(run.assignments()).containsEntry(CANARY, 2);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.UPDATING);
  }

  @Test
  void failoverAfterTheRolloutCompletedGetsTheStableRevision() {
    Passes run = standard().revision(2);
    run.pass();
    run.leaving(US).after(SECOND);
    run.settle(BAKE, 30);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.assignments()).containsEntry(US, 1);

    // US still drains at revision 1; the cluster taking its replicas runs the stable one.
    run.cluster("aws-us-west", "region=us").after(SECOND);

    assertThat(run.assignments()).containsEntry("aws-us-west", 2);
    run.after(SECOND);
    assertThat(run.stateOf("aws-us-west")).isEqualTo(ClusterState.HEALTHY);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
  }

  @Test
  void aClusterNotHealthyWithinTheProgressDeadlineFails() {
    Passes run = standard().revision(2).behaves(CANARY, Behaviour.STARTING);
    run.pass();
    run.after(Duration.ofMinutes(9));
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.UPDATING);
    assertThat(RolloutMachine.nextWake(STANDARD, run.state()))
        .contains(Passes.T0.plus(Stage.DEFAULT_PROGRESS_DEADLINE));

    run.after(Duration.ofMinutes(1));

    assertThat(run.state().phase()).isEqualTo(Phase.ROLLING_BACK);
    assertThat(run.state().haltedReason())
        .isEqualTo(
            "stage canary: onprem-fra failed: ProgressDeadlineExceeded: not healthy on revision 2"
                + " within 10m (1 updated, 1 available of 3)");
  }

  private static Passes haltingOnly() {
    return fleet(plan(OnFailure.PAUSE, canary(false), eu(false, false))).stableAt(1);
  }

  @Test
  void losingAvailabilityDuringTheBakeThreeTimesIsReadinessFlapping() {
    Passes run = haltingOnly().revision(2);
    run.pass();
    for (int flap = 1; flap <= 3; flap++) {
      run.behaves(CANARY, Behaviour.HEALTHY).after(SECOND);
      assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);
      run.behaves(CANARY, Behaviour.STARTING).after(SECOND);
    }

    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.FAILED);
    assertThat(run.cluster(CANARY).reason())
        .startsWith("ReadinessFlapping: lost availability 3 times");
    assertThat(run.events())
        .contains(
            "stage canary: onprem-fra lost availability during the bake (1 updated, 1 available"
                + " of 3), flap 1 of 3");
  }

  @Test
  void restartsGrowingDuringTheBakeFailTheCluster() {
    Passes run = haltingOnly().revision(2);
    run.pass();
    run.after(SECOND);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);

    run.reports(
            new ClusterObservation(
                CANARY,
                Map.of("ubernetes.io/rollout-ring", "canary"),
                true,
                false,
                2,
                true,
                3,
                3,
                3,
                List.of(),
                2,
                List.of()))
        .after(SECOND);

    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.FAILED);
    assertThat(run.cluster(CANARY).reason())
        .isEqualTo("Restarting: containers restarted during the bake (0 -> 2 restarts)");
  }

  @Test
  void anUnreachableClustersBakeNeitherPassesNorFailsAndStartsOverWhenItIsBack() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);

    run.behaves(CANARY, Behaviour.UNREACHABLE).after(BAKE);
    run.after(BAKE);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);
    assertThat(run.cluster(CANARY).reason()).isEqualTo(Health.UNREACHABLE);
    assertThat(run.assignments()).containsEntry(EU_A, 1);

    run.behaves(CANARY, Behaviour.HEALTHY).after(SECOND);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.BAKING);
    assertThat(run.cluster(CANARY).since()).isEqualTo(run.now());
    run.after(BAKE);
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.HEALTHY);
  }

  @Test
  void anUnreachableClusterFailsOnlyByTheProgressDeadline() {
    Passes run = haltingOnly().revision(2);
    run.pass();
    run.behaves(CANARY, Behaviour.UNREACHABLE).after(Duration.ofMinutes(9));
    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.UPDATING);

    run.after(Duration.ofMinutes(1));

    assertThat(run.stateOf(CANARY)).isEqualTo(ClusterState.FAILED);
    assertThat(run.cluster(CANARY).reason()).startsWith("ProgressDeadlineExceeded: no report");
  }

  @Test
  void aNewerRevisionSupersedesARunningRolloutFromTheFirstStage() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.assignments()).containsEntry(CANARY, 2).containsEntry(EU_A, 2);

    run.revision(3).after(SECOND);

    assertThat(run.state().target()).isEqualTo(3);
    assertThat(run.state().stable()).isEqualTo(1);
    assertThat(run.state().highestStarted()).isEqualTo(3);
    assertThat(run.state().stage()).isZero();
    // The abandoned target stays where it runs until the new rollout gets there.
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 3), entry(EU_A, 2), entry(EU_B, 1), entry(US, 1));
    assertThat(run.stateOf(EU_A)).isEqualTo(ClusterState.WAITING);
    assertThat(run.last().events())
        .contains(
            "revision 3: rollout started from stable revision 1; it supersedes the rollout of"
                + " revision 2");
    run.settle(BAKE, 30);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 3), entry(EU_A, 3), entry(EU_B, 3), entry(US, 3));
  }

  @Test
  void aNewerRevisionStartsOverAfterARollback() {
    Passes run = standard().revision(2).bad(2);
    run.pass();
    run.settle(BAKE, 10);
    assertThat(run.state().haltedReason()).startsWith("Rolled back");

    run.revision(3).after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.PROGRESSING);
    assertThat(run.state().rolledBackFrom()).isNull();
    assertThat(run.state().haltedReason()).isNull();
    assertThat(run.assignments()).containsEntry(CANARY, 3);
  }

  @Test
  void theFirstRevisionGoesEverywhereAtOnceIgnoringStagesAndGates() {
    Passes run = fleet(plan(OnFailure.ROLLBACK, canary(true), eu(true, false)));

    run.pass();

    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 1), entry(EU_A, 1), entry(EU_B, 1), entry(US, 1));
    assertThat(run.state().stable()).isNull();
    run.after(SECOND);
    run.after(BAKE);
    assertThat(run.state().phase()).isEqualTo(Phase.COMPLETE);
    assertThat(run.state().stable()).isEqualTo(1);
  }

  @Test
  void aFirstRevisionThatFailsHaltsWithNothingToRollBackTo() {
    Passes run = fleet(plan(OnFailure.ROLLBACK, canary(false))).bad(1);
    run.pass();

    run.after(SECOND);

    assertThat(run.state().phase()).isEqualTo(Phase.HALTED);
    assertThat(run.state().haltedReason())
        .endsWith("; there is no healthy revision to roll back to");
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 1), entry(EU_A, 1), entry(EU_B, 1), entry(US, 1));

    // A cluster that joins now gets nothing: the only revision is the failing one.
    run.cluster("new-one", "region=us").after(SECOND);
    assertThat(run.assignments()).containsEntry("new-one", null);
  }

  @Test
  void allAtOnceNeverHalts() {
    Passes run = fleet(RolloutPlan.ALL_AT_ONCE).stableAt(1).revision(2).bad(2);

    run.pass();
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 2), entry(EU_A, 2), entry(EU_B, 2), entry(US, 2));
    run.settle(Duration.ofMinutes(1), 30);

    assertThat(run.state().phase()).isNotIn(Phase.HALTED, Phase.ROLLING_BACK);
    assertThat(run.assignments())
        .containsOnly(entry(CANARY, 2), entry(EU_A, 2), entry(EU_B, 2), entry(US, 2));
  }

  @Test
  void emptyStagesAreSkippedEvenWithApproval() {
    Stage nowhere =
        new Stage("nowhere", select("region", "mars"), null, null, 0, null, true, null, false);
    Passes run = fleet(plan(OnFailure.ROLLBACK, nowhere, canary(false))).stableAt(1).revision(2);

    run.pass();

    assertThat(run.state().stage()).isEqualTo(1);
    assertThat(run.assignments()).containsEntry(CANARY, 2);
  }

  @Test
  void aPassThatLearnsNothingNewChangesNothing() {
    Passes run = standard().revision(2);
    run.pass();
    run.after(SECOND);

    assertThat(run.after(SECOND).changed()).isFalse();
    assertThat(run.last().events()).isEmpty();
  }
}
