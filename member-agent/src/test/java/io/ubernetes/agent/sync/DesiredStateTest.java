package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.state.StoredState;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredStateTest {
  private static final WorkloadKey WEB = new WorkloadKey("shop", "web");
  private static final ObjectRef DEPLOYMENT = new ObjectRef("apps/v1", "Deployment", "shop", "web");
  private static final ObjectRef SERVICE = new ObjectRef("v1", "Service", "shop", "web");
  private static final ObjectRef CONFIG = new ObjectRef("v1", "ConfigMap", "shop", "web-config");

  private final DesiredState state = new DesiredState();

  private static Map<String, Object> manifest(ObjectRef ref) {
    return Map.of(
        "apiVersion", ref.apiVersion(), "kind", ref.kind(), "metadata", Map.of("name", ref.name()));
  }

  private static WorkItem web(long revision, ObjectRef... objects) {
    return new WorkItem(
        "uid-web",
        "shop",
        "web",
        revision,
        revision,
        Arrays.stream(objects).map(DesiredStateTest::manifest).toList(),
        null,
        null,
        null,
        null);
  }

  private static WorkFeed feed(long revision, List<WorkItem> items, List<Tombstone> tombstones) {
    return new WorkFeed(revision, items, tombstones);
  }

  @Test
  void whatWasAppliedWholeStaysKnownThroughANewerItemASnapshotAndARestoreButNotATombstone() {
    WorkItem first = web(1, DEPLOYMENT);
    state.apply(feed(1, List.of(first), List.of()));
    state.appliedWhole(WEB, first);
    WorkItem second = web(2, DEPLOYMENT, SERVICE);
    state.apply(feed(2, List.of(second), List.of()));

    assertThat(state.wasApplied(WEB, first)).isTrue();
    assertThat(state.wasApplied(WEB, second)).isFalse();
    DesiredState restarted = new DesiredState();
    restarted.restore(state.snapshot());
    assertThat(restarted.applied(WEB))
        .hasValueSatisfying(applied -> assertThat(applied.revision()).isEqualTo(1));

    restarted.apply(
        feed(3, List.of(), List.of(new Tombstone("uid-web", "shop", "web", 3, List.of()))));
    assertThat(restarted.applied(WEB)).isEmpty();
  }

  @Test
  void anItemReplacesItsWorkloadsDesiredStateAndAdvancesTheRevision() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT)), List.of()));
    state.apply(feed(2, List.of(web(2, DEPLOYMENT, SERVICE)), List.of()));

    assertThat(state.revision()).isEqualTo(2);
    assertThat(state.item(WEB))
        .hasValueSatisfying(
            item -> assertThat(Manifests.refs(item)).containsExactly(DEPLOYMENT, SERVICE));
    assertThat(state.prunes(WEB)).isEmpty();
  }

  @Test
  void anObjectDroppedFromAnItemIsToBePruned() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT, CONFIG)), List.of()));
    state.apply(feed(2, List.of(web(2, DEPLOYMENT)), List.of()));

    assertThat(state.prunes(WEB)).containsExactly(CONFIG);

    state.apply(feed(3, List.of(web(3, DEPLOYMENT, CONFIG)), List.of()));
    assertThat(state.prunes(WEB)).isEmpty();
  }

  @Test
  void anEmptyFeedChangesNothing() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT)), List.of()));

    long version = state.version();

    assertThat(state.apply(feed(1, List.of(), List.of()))).isEmpty();

    assertThat(state.version()).isEqualTo(version);

    assertThat(state.item(WEB)).isPresent();
    assertThat(state.tombstone(WEB)).isEmpty();
  }

  @Test
  void aTombstoneRemovesTheWorkloadAndCollectsEverythingItHad() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT, SERVICE)), List.of()));

    state.apply(
        feed(
            2,
            List.of(),
            List.of(new Tombstone("uid-web", "shop", "web", 2, List.of(DEPLOYMENT)))));

    assertThat(state.item(WEB)).isEmpty();
    assertThat(state.tombstone(WEB))
        .hasValueSatisfying(
            t -> assertThat(t.objects()).containsExactlyInAnyOrder(DEPLOYMENT, SERVICE));
  }

  @Test
  void withinAFeedTheHigherRevisionWins() {
    Tombstone gone = new Tombstone("uid-web", "shop", "web", 5, List.of(DEPLOYMENT));

    state.apply(feed(6, List.of(web(6, DEPLOYMENT)), List.of(gone)));
    assertThat(state.item(WEB)).isPresent();
    assertThat(state.tombstone(WEB)).isEmpty();

    state.apply(
        feed(
            8,
            List.of(web(7, DEPLOYMENT)),
            List.of(new Tombstone("uid-web", "shop", "web", 8, List.of()))));
    assertThat(state.item(WEB)).isEmpty();
    assertThat(state.tombstone(WEB)).isPresent();
  }

  @Test
  void anItemOlderThanWhatIsDesiredIsIgnored() {
    state.apply(feed(5, List.of(web(5, DEPLOYMENT, SERVICE)), List.of()));

    state.apply(feed(5, List.of(web(3, DEPLOYMENT)), List.of()));

    assertThat(state.item(WEB))
        .hasValueSatisfying(item -> assertThat(item.revision()).isEqualTo(5));
  }

  @Test
  void anItemTheFederationCouldNotRenderKeepsTheLastManifests() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT)), List.of()));

    state.apply(
        feed(
            2,
            List.of(
                new WorkItem(
                    "uid-web",
                    "shop",
                    "web",
                    2,
                    2,
                    List.of(),
                    "no such override path",
                    null,
                    null,
                    null)),
            List.of()));

    assertThat(state.item(WEB))
        .hasValueSatisfying(item -> assertThat(Manifests.refs(item)).containsExactly(DEPLOYMENT));
    assertThat(state.renderError(WEB))
        .hasValueSatisfying(item -> assertThat(item.error()).contains("override"));
    assertThat(state.prunes(WEB)).isEmpty();
  }

  @Test
  void snapshotsAndRestoresEverythingPending() {
    state.apply(feed(1, List.of(web(1, DEPLOYMENT, CONFIG)), List.of()));
    state.apply(feed(2, List.of(web(2, DEPLOYMENT)), List.of()));
    state.apply(
        feed(3, List.of(), List.of(new Tombstone("uid-api", "shop", "api", 3, List.of(SERVICE)))));
    StoredState snapshot = state.snapshot();

    DesiredState restored = new DesiredState();
    restored.restore(snapshot);

    assertThat(restored.snapshot()).isEqualTo(snapshot);
    assertThat(restored.revision()).isEqualTo(3);
    assertThat(restored.prunes(WEB)).containsExactly(CONFIG);
    assertThat(restored.tombstone(new WorkloadKey("shop", "api"))).isPresent();
  }
}
