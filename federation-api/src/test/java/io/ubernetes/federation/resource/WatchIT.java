package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.RawHttp;
import io.ubernetes.federation.testing.WatchConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Watches over plain HTTP, as client-go and kubectl open them: one JSON event a line, from now
 * (after the current objects), from a resourceVersion, or with the initial events kubectl 1.35 asks
 * for; changes in resourceVersion order even when their transactions commit out of order.
 */
class WatchIT extends ApiIntegrationTest {
  private static final String CLUSTERS = "/apis/ubernetes.io/v1/memberclusters";

  @Autowired private SystemWrites writes;
  @Autowired private MemberClusterStrategy clusters;
  @Autowired private TransactionTemplate transactions;
  @Autowired private ResourceEvents events;

  @Test
  void eventsCommittedOutOfResourceVersionOrderReachTheWatcherInOrder() throws Exception {
    String run = unique("order");
    create(run, "first");
    create(run, "second");
    try (WatchConnection watch =
        WatchConnection.open(port(), CLUSTERS + "?watch=true&labelSelector=run%3D" + run)) {
      assertThat(watch.next().at("/type").asString()).isEqualTo("ADDED");
      assertThat(watch.next().at("/type").asString()).isEqualTo("ADDED");

      // The first transaction draws its resourceVersion, then waits; the second draws a later
      // one and commits before the first does.
      CountDownLatch drawn = new CountDownLatch(1);
      CountDownLatch commit = new CountDownLatch(1);
      CompletableFuture<String> first =
          CompletableFuture.supplyAsync(
              () ->
                  transactions.execute(
                      tx -> {
                        MemberCluster written =
                            writes.updateStatus(clusters, null, run + "-first", WatchIT::reported);
                        drawn.countDown();
                        await(commit);
                        return written.metadata().resourceVersion();
                      }));
      assertThat(drawn.await(20, TimeUnit.SECONDS)).isTrue();
      Response second =
          api.mergePatch(
              "/api/v1/clusters/" + run + "-second",
              "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}");
      assertThat(second.status()).isEqualTo(200);
      long secondVersion = Long.parseLong(second.at("/metadata/resourceVersion"));

      // While the first is open, the second's change is held back: lists say so too.
      long listed = Long.parseLong(api.get(CLUSTERS + "?limit=1").at("/metadata/resourceVersion"));
      assertThat(listed).isLessThan(secondVersion);

      commit.countDown();
      long firstVersion = Long.parseLong(first.get(20, TimeUnit.SECONDS));
      assertThat(firstVersion).isLessThan(secondVersion);

      JsonNode one = watch.nextChange();
      JsonNode two = watch.nextChange();
      assertThat(List.of(name(one), name(two))).containsExactly(run + "-first", run + "-second");
      assertThat(version(one)).isEqualTo(firstVersion);
      assertThat(version(two)).isEqualTo(secondVersion);
    }
  }

  @Test
  void aWatchFromAListsResourceVersionMissesNothingThatCameAfter() {
    String run = unique("relist");
    create(run, "kept");
    create(run, "gone");
    long listed =
        Long.parseLong(
            api.get(CLUSTERS + "?labelSelector=run%3D" + run).at("/metadata/resourceVersion"));
    assertThat(api.delete("/api/v1/clusters/" + run + "-gone").status()).isEqualTo(200);
    create(run, "new");

    try (WatchConnection watch =
        WatchConnection.open(
            port(),
            CLUSTERS + "?watch=1&resourceVersion=" + listed + "&labelSelector=run%3D" + run)) {
      JsonNode deleted = watch.nextChange();
      JsonNode added = watch.nextChange();

      assertThat(deleted.at("/type").asString()).isEqualTo("DELETED");
      assertThat(name(deleted)).isEqualTo(run + "-gone");
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(name(added)).isEqualTo(run + "-new");
      assertThat(version(added)).isGreaterThan(version(deleted));
    }
  }

  @Test
  void sendInitialEventsGivesTheCurrentObjectsThenTheBookmarkKubectlWaitsFor() {
    String run = unique("initial");
    create(run, "a");
    create(run, "b");

    try (WatchConnection watch =
        WatchConnection.open(
            port(),
            CLUSTERS
                + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
                + "&allowWatchBookmarks=true&timeoutSeconds=60&labelSelector=run%3D"
                + run)) {
      assertThat(watch.status()).isEqualTo(200);
      assertThat(watch.contentType()).startsWith("application/json");
      JsonNode a = watch.next();
      JsonNode b = watch.next();
      JsonNode end = watch.next();
      assertThat(List.of(a.at("/type").asString(), b.at("/type").asString()))
          .containsExactly("ADDED", "ADDED");
      assertThat(List.of(name(a), name(b))).containsExactlyInAnyOrder(run + "-a", run + "-b");
      assertThat(end.at("/type").asString()).isEqualTo("BOOKMARK");
      assertThat(end.at("/object/kind").asString()).isEqualTo("MemberCluster");
      assertThat(end.at("/object/apiVersion").asString()).isEqualTo("ubernetes.io/v1");
      assertThat(end.at("/object/metadata/annotations/k8s.io~1initial-events-end").asString())
          .isEqualTo("true");
      long snapshot = version(end);

      api.mergePatch(
          "/api/v1/clusters/" + run + "-a", "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}");
      JsonNode modified = watch.nextChange();
      assertThat(modified.at("/type").asString()).isEqualTo("MODIFIED");
      assertThat(version(modified)).isGreaterThan(snapshot);
    }
  }

  @Test
  void aFieldSelectorOnTheNameAndALabelLeavingTheSelectionAreSeenAsKubernetesSeesThem() {
    String run = unique("select");
    create(run, "one");
    create(run, "two");
    try (WatchConnection byName =
            WatchConnection.open(
                port(), CLUSTERS + "?watch=true&fieldSelector=metadata.name%3D" + run + "-two");
        WatchConnection byLabel =
            WatchConnection.open(port(), CLUSTERS + "?watch=true&labelSelector=run%3D" + run)) {
      assertThat(name(byName.next())).isEqualTo(run + "-two");
      byLabel.next();
      byLabel.next();

      api.mergePatch(
          "/api/v1/clusters/" + run + "-one", "{\"metadata\": {\"labels\": {\"run\": \"other\"}}}");
      api.mergePatch(
          "/api/v1/clusters/" + run + "-two", "{\"metadata\": {\"labels\": {\"x\": \"y\"}}}");

      JsonNode left = byLabel.nextChange();
      assertThat(left.at("/type").asString()).isEqualTo("DELETED");
      assertThat(name(left)).isEqualTo(run + "-one");
      JsonNode modified = byName.nextChange();
      assertThat(modified.at("/type").asString()).isEqualTo("MODIFIED");
      assertThat(name(modified)).isEqualTo(run + "-two");
    }
  }

  @Test
  void aWatchWithATimeoutEndsCleanlyAfterItsBookmark() {
    try (WatchConnection watch =
        WatchConnection.open(
            port(),
            CLUSTERS
                + "?watch=true&resourceVersion="
                + current()
                + "&allowWatchBookmarks=true"
                + "&timeoutSeconds=1")) {
      JsonNode bookmark = watch.next();
      assertThat(bookmark.at("/type").asString()).isEqualTo("BOOKMARK");
      assertThat(bookmark.at("/object/kind").asString()).isEqualTo("MemberCluster");
      assertThat(watch.endsWithin(Duration.ofSeconds(20))).isTrue();
    }
  }

  @Test
  void aResourceVersionOlderThanTheHistoryIsExpired() {
    String run = unique("expired");
    create(run, "a");
    long old = current();
    create(run, "b");
    create(run, "c");
    // What the history window would do with time: forget all but the newest event.
    events.prune(Duration.ofMillis(1));

    try (WatchConnection watch =
        WatchConnection.open(port(), CLUSTERS + "?watch=true&resourceVersion=" + old)) {
      assertThat(watch.status()).isEqualTo(410);
      assertThat(watch.refusal().at("/kind").asString()).isEqualTo("Status");
      assertThat(watch.refusal().at("/reason").asString()).isEqualTo("Expired");
      assertThat(watch.refusal().at("/code").asInt()).isEqualTo(410);
    }
  }

  @Test
  void aResourceVersionInTheFutureIsTooLarge() {
    try (WatchConnection watch =
        WatchConnection.open(
            port(), CLUSTERS + "?watch=true&resourceVersion=" + (current() + 1_000_000))) {
      assertThat(watch.status()).isEqualTo(504);
      assertThat(watch.refusal().at("/reason").asString()).isEqualTo("Timeout");
      assertThat(watch.refusal().at("/details/causes/0/reason").asString())
          .isEqualTo("ResourceVersionTooLarge");
    }
  }

  @Test
  void combinationsKubernetesRefusesAreRefusedNamingTheParameter() {
    Response noMatch = api.get(CLUSTERS + "?watch=true&sendInitialEvents=true");
    Response matchAlone = api.get(CLUSTERS + "?watch=true&resourceVersionMatch=NotOlderThan");
    Response onAList = api.get(CLUSTERS + "?sendInitialEvents=true");
    Response otherField = api.get(CLUSTERS + "?watch=true&fieldSelector=spec.region%3Deu");
    Response badBoolean = api.get(CLUSTERS + "?watch=true&allowWatchBookmarks=maybe");

    assertThat(noMatch.status()).isEqualTo(422);
    assertThat(noMatch.errorFields()).containsExactly("resourceVersionMatch");
    assertThat(matchAlone.status()).isEqualTo(422);
    assertThat(matchAlone.errorFields()).containsExactly("resourceVersionMatch");
    assertThat(onAList.status()).isEqualTo(422);
    assertThat(onAList.errorFields()).containsExactly("sendInitialEvents");
    assertThat(otherField.status()).isEqualTo(400);
    assertThat(otherField.errorFields()).containsExactly("fieldSelector");
    assertThat(badBoolean.status()).isEqualTo(400);
    assertThat(badBoolean.errorFields()).containsExactly("allowWatchBookmarks");
  }

  @Test
  void aWebSocketUpgradeIsAnswered503SoThatFabric8WatchesOverHttp() {
    RawHttp.Answer answer =
        RawHttp.get(
            port(),
            CLUSTERS + "?watch=true",
            "Upgrade: websocket",
            "Sec-WebSocket-Version: 13",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");

    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.at("/kind")).isEqualTo("Status");
  }

  @Test
  void theLegacyPathsWatchToo() {
    String run = unique("legacy");
    create(run, "a");
    try (WatchConnection watch =
        WatchConnection.open(port(), "/api/v1/clusters?watch=true&labelSelector=run%3D" + run)) {
      JsonNode added = watch.next();
      assertThat(added.at("/type").asString()).isEqualTo("ADDED");
      assertThat(name(added)).isEqualTo(run + "-a");
    }
  }

  private long current() {
    return Long.parseLong(api.get(CLUSTERS + "?limit=1").at("/metadata/resourceVersion"));
  }

  private void create(String run, String suffix) {
    String body =
        "{\"metadata\": {\"name\": \"%s-%s\", \"labels\": {\"run\": \"%s\"}}, \"spec\": {}}"
            .formatted(run, suffix, run);
    assertThat(api.post("/api/v1/clusters", body).status()).isEqualTo(201);
  }

  private static String name(JsonNode event) {
    return event.at("/object/metadata/name").asString();
  }

  private static long version(JsonNode event) {
    return Long.parseLong(event.at("/object/metadata/resourceVersion").asString());
  }

  private static MemberClusterStatus reported(MemberClusterStatus status) {
    return new MemberClusterStatus(
        List.of(), "2026-12-06T00:00:00Z", null, null, "v1.31.2", "0.1.0", 7L, null, null);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
