package io.ubernetes.federation.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The workloads' history as Kubernetes core v1 Events: what the scheduler records as it places,
 * fails over and moves a workload off a drained cluster, served on {@code /api/v1/.../events} as
 * kube-apiserver serves them (field selectors, paging, tables, watches), read-only, within the
 * caller's namespaces; folded together when they repeat, deleted after their TTL.
 */
class EventsIT extends SchedulingIntegrationTest {
  @Autowired private WorkloadEvents events;
  @Autowired private TransactionTemplate transactions;

  @Test
  void aPlacedWorkloadHasAScheduledEventAboutItServedAsACoreV1Event() {
    String a = cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload("shop", run + "-web", 4, placement(""));
    schedule();
    String uid = workloadStatus("shop", run + "-web").at("/metadata/uid");

    // What kubectl describe sends for the events of an object.
    Response list =
        api.get(
            "/api/v1/namespaces/shop/events?fieldSelector="
                + encode(
                    "involvedObject.name="
                        + run
                        + "-web,involvedObject.namespace=shop,involvedObject.kind=FederatedWorkload,involvedObject.uid="
                        + uid
                        + ",source=ubernetes-scheduler")
                + "&limit=500");

    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().path("kind").asString()).isEqualTo("EventList");
    assertThat(list.json().path("apiVersion").asString()).isEqualTo("v1");
    JsonNode event = list.json().at("/items/0");
    assertThat(list.json().path("items").size()).isEqualTo(1);
    assertThat(event.path("kind").asString()).isEqualTo("Event");
    assertThat(event.path("apiVersion").asString()).isEqualTo("v1");
    assertThat(event.path("reason").asString()).isEqualTo("Scheduled");
    assertThat(event.path("type").asString()).isEqualTo("Normal");
    assertThat(event.path("message").asString()).contains(a + "=4");
    assertThat(event.path("count").asInt()).isEqualTo(1);
    assertThat(event.at("/source/component").asString()).isEqualTo("ubernetes-scheduler");
    assertThat(event.path("reportingComponent").asString()).isEqualTo("ubernetes-scheduler");
    assertThat(event.at("/involvedObject/apiVersion").asString()).isEqualTo("ubernetes.io/v1");
    assertThat(event.at("/involvedObject/kind").asString()).isEqualTo("FederatedWorkload");
    assertThat(event.at("/involvedObject/namespace").asString()).isEqualTo("shop");
    assertThat(event.at("/involvedObject/name").asString()).isEqualTo(run + "-web");
    assertThat(event.at("/involvedObject/uid").asString()).isEqualTo(uid);
    assertThat(event.at("/metadata/namespace").asString()).isEqualTo("shop");
    assertThat(event.path("firstTimestamp").asString()).isNotEmpty();
    assertThat(event.path("lastTimestamp").asString()).isNotEmpty();

    Response one =
        api.get("/api/v1/namespaces/shop/events/" + event.at("/metadata/name").asString());
    assertThat(one.status()).as(one.body()).isEqualTo(200);
    assertThat(one.json().path("reason").asString()).isEqualTo("Scheduled");

    Response table =
        api.get(
            "/api/v1/namespaces/shop/events?fieldSelector="
                + encode("involvedObject.name=" + run + "-web,reason=Scheduled"),
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
    assertThat(table.json().path("kind").asString()).isEqualTo("Table");
    assertThat(table.json().at("/columnDefinitions/0/name").asString()).isEqualTo("Last Seen");
    assertThat(table.json().at("/rows/0/cells/2").asString()).isEqualTo("Scheduled");
    assertThat(table.json().at("/rows/0/cells/3").asString())
        .isEqualTo("federatedworkload/" + run + "-web");
  }

  @Test
  void aClusterScopedWorkloadsEventsAreFiledInDefaultAndEveryTenantReadsThem() {
    String a = cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    Response created =
        api.post(
            "/api/v1/clusterworkloads",
            workloadBody(run + "-tools", 2, placement(""))
                .replace(
                    "\"kind\": \"Deployment\",",
                    "\"kind\": \"Deployment\", \"metadata\": {\"namespace\": \"shop\"},"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    schedule();
    ApiClient tenant = api.withToken(api.issueToken(run + "-bank", "viewer", List.of("bank")));

    // What kubectl describe cfw sends: the events of every namespace, the object's namespace empty.
    Response list =
        tenant.get(
            "/api/v1/events?fieldSelector="
                + encode(
                    "involvedObject.name="
                        + run
                        + "-tools,involvedObject.namespace=,involvedObject.kind=ClusterFederatedWorkload,reason=Scheduled"));

    assertThat(list.status()).as(list.body()).isEqualTo(200);
    assertThat(list.json().path("items").size()).as(list.body()).isEqualTo(1);
    JsonNode event = list.json().at("/items/0");
    assertThat(event.at("/metadata/namespace").asString()).isEqualTo("default");
    assertThat(event.at("/involvedObject/namespace").isMissingNode()).isTrue();
    assertThat(event.path("message").asString()).contains(a + "=2");
  }

  @Test
  void aClusterFailedPastTheGracePeriodLeavesAFailedOverWarning() {
    String fra = cluster(run + "-fra", "eu-central", "onprem", 16, 0.01);
    String dub = cluster(run + "-dub", "eu-central", "cloud", 16, 0.05);
    workload("shop", run + "-web", 4, placement(""));
    schedule();
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(fra, 4));

    report(fra, "Unknown", 16);
    schedule();
    List<String> withinGrace = reasons("shop", run + "-web");
    advance(Duration.ofSeconds(61));
    schedule();

    // The first revision's rollout is recorded beside it (by the rollout step).
    assertThat(withinGrace).containsExactlyInAnyOrder("Scheduled", "RolloutStarted");
    JsonNode failedOver = only("shop", run + "-web", "FailedOver");
    assertThat(failedOver.path("type").asString()).isEqualTo("Warning");
    assertThat(failedOver.path("message").asString())
        .contains("Cluster " + fra + " is not ready")
        .contains(fra + "=4 -> " + dub + "=4");
  }

  @Test
  void aDrainedClusterLeavesARescheduledEventSayingSo() {
    String a = cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    String b = cluster(run + "-b", "eu-central", "onprem", 16, 0.02);
    workload("shop", run + "-web", 4, placement(""));
    schedule();
    assertThat(replicas("shop", run + "-web")).containsExactly(Map.entry(a, 4));

    Response drained =
        api.mergePatch("/api/v1/clusters/" + a, "{\"spec\": {\"unschedulable\": true}}");
    assertThat(drained.status()).as(drained.body()).isEqualTo(200);
    schedule();

    JsonNode moved = only("shop", run + "-web", "Rescheduled");
    assertThat(moved.path("type").asString()).isEqualTo("Normal");
    assertThat(moved.path("message").asString())
        .contains("Cluster " + a + " drained")
        .contains(a + "=4 -> " + b + "=4");
  }

  @Test
  void aWorkloadNothingCanTakeLeavesAFailedSchedulingWarningSelectableByReasonAndType() {
    cluster(run + "-small", "eu-central", "onprem", 1, 0.01);
    workload("shop", run + "-big", 10, placement(""));
    schedule();

    Response warnings =
        api.get(
            "/api/v1/namespaces/shop/events?fieldSelector="
                + encode(
                    "involvedObject.name=" + run + "-big,type=Warning,reason=FailedScheduling"));
    Response normal =
        api.get(
            "/api/v1/namespaces/shop/events?fieldSelector="
                + encode("involvedObject.name=" + run + "-big,type!=Warning"));
    Response unknownField =
        api.get("/api/v1/namespaces/shop/events?fieldSelector=" + encode("spec.replicas=3"));

    assertThat(warnings.json().path("items").size()).as(warnings.body()).isEqualTo(1);
    assertThat(warnings.json().at("/items/0/message").asString()).isNotEmpty();
    assertThat(normal.json().path("items").valueStream().map(e -> e.path("reason").asString()))
        .doesNotContain("FailedScheduling");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().path("kind").asString()).isEqualTo("Status");
    assertThat(unknownField.json().path("message").asString()).contains("fieldSelector");
  }

  @Test
  void theSameEventWithinTheWindowBumpsTheCountAndAnotherMessageIsAnEventOfItsOwn() {
    UUID uid = UUID.randomUUID();
    Instant now = clock().instant();
    record(now, event(uid, "FailedScheduling", "0/3 clusters are available"));
    record(now.plusSeconds(30), event(uid, "FailedScheduling", "0/3 clusters are available"));
    record(now.plusSeconds(40), event(uid, "FailedScheduling", "0/4 clusters are available"));
    // After the correlation window (10 minutes), a new event.
    record(now.plusSeconds(30 + 601), event(uid, "FailedScheduling", "0/3 clusters are available"));

    JsonNode items = byUid(uid).path("items");

    assertThat(items.size()).isEqualTo(3);
    List<String> seen = new ArrayList<>();
    items.forEach(
        e ->
            seen.add(
                e.path("message").asString().substring(0, 3) + " x" + e.path("count").asInt()));
    assertThat(seen).containsExactlyInAnyOrder("0/3 x2", "0/4 x1", "0/3 x1");
    JsonNode bumped =
        items.valueStream().filter(e -> e.path("count").asInt() == 2).findFirst().orElseThrow();
    assertThat(Instant.parse(bumped.path("lastTimestamp").asString()))
        .isAfter(Instant.parse(bumped.path("firstTimestamp").asString()));
  }

  @Test
  void anEventRecordedInATransactionThatRollsBackIsNotKeptAndOneThatCommitsIs() {
    UUID uid = UUID.randomUUID();
    WorkloadEvent placed = event(uid, "Scheduled", "placed");

    transactions.executeWithoutResult(
        status -> {
          events.record(List.of(placed), clock().instant());
          status.setRollbackOnly();
        });
    JsonNode afterRollback = byUid(uid).path("items");
    record(clock().instant(), placed);

    assertThat(afterRollback.size()).isZero();
    assertThat(byUid(uid).path("items").size()).isEqualTo(1);
  }

  @Test
  void eventsOlderThanTheTtlAreDeletedAndEachWorkloadKeepsItsNewestOnly() {
    UUID old = UUID.randomUUID();
    UUID busy = UUID.randomUUID();
    Instant now = clock().instant();
    record(now.minus(Duration.ofMinutes(61)), event(old, "Scheduled", "placed long ago"));
    record(now.minus(Duration.ofMinutes(59)), event(old, "Rescheduled", "moved within the hour"));
    for (int i = 0; i < 105; i++) {
      record(now.minusSeconds(200 - i), event(busy, "Rescheduled", "move " + i));
    }

    events.prune(now);

    assertThat(byUid(old).path("items").valueStream().map(e -> e.path("reason").asString()))
        .containsExactly("Rescheduled");
    JsonNode kept = byUid(busy).path("items");
    assertThat(kept.size()).isEqualTo(100);
    assertThat(kept.valueStream().map(e -> e.path("message").asString()))
        .doesNotContain("move 0", "move 4")
        .contains("move 5", "move 104");
  }

  @Test
  void pagesWithLimitAndContinue() {
    UUID uid = UUID.randomUUID();
    Instant now = clock().instant();
    for (int i = 0; i < 5; i++) {
      record(now, event(uid, "Rescheduled", "page " + i));
    }
    String selector = "?fieldSelector=" + encode("involvedObject.uid=" + uid) + "&limit=2";
    List<String> messages = new ArrayList<>();
    String next = "";
    int pages = 0;
    do {
      JsonNode page =
          api.get(
                  "/api/v1/namespaces/paged/events"
                      + selector
                      + (next.isEmpty() ? "" : "&continue=" + next))
              .json();
      page.path("items").forEach(e -> messages.add(e.path("message").asString()));
      next = page.at("/metadata/continue").asString("");
      pages++;
    } while (!next.isEmpty() && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(messages)
        .containsExactlyInAnyOrder("page 0", "page 1", "page 2", "page 3", "page 4");
  }

  @Test
  void aWatchFromAListsVersionReceivesTheEventsRecordedAfterIt() throws Exception {
    UUID uid = UUID.randomUUID();
    String selector = encode("involvedObject.uid=" + uid);
    String version =
        api.get("/api/v1/namespaces/paged/events?fieldSelector=" + selector)
            .at("/metadata/resourceVersion");
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + port()
                        + "/api/v1/namespaces/paged/events?watch=true&timeoutSeconds=20"
                        + "&resourceVersion="
                        + version
                        + "&fieldSelector="
                        + selector))
            .header("Authorization", "Bearer " + ApiClient.ADMIN_TOKEN)
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());

    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      record(clock().instant(), event(uid, "RolloutStarted", "Rolling out revision 2"));
      JsonNode added = ApiClient.tree(lines.readLine());
      record(clock().instant(), event(uid, "RolloutStarted", "Rolling out revision 2"));
      JsonNode modified = ApiClient.tree(lines.readLine());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(added.path("type").asString()).isEqualTo("ADDED");
      assertThat(added.at("/object/reason").asString()).isEqualTo("RolloutStarted");
      assertThat(added.at("/object/involvedObject/uid").asString()).isEqualTo(uid.toString());
      assertThat(modified.path("type").asString()).isEqualTo("MODIFIED");
      assertThat(modified.at("/object/count").asInt()).isEqualTo(2);
    }
  }

  @Test
  void aTenantSeesTheEventsOfItsNamespacesOnlyAndNobodyWritesEvents() {
    cluster(run + "-a", "eu-central", "onprem", 16, 0.01);
    workload("shop", run + "-web", 2, placement(""));
    schedule();
    ApiClient shopViewer = api.withToken(api.issueToken(run + "-shop", "viewer", List.of("shop")));
    ApiClient otherViewer =
        api.withToken(api.issueToken(run + "-other", "operator", List.of("other")));
    String mine = encode("involvedObject.name=" + run + "-web,reason=Scheduled");

    Response forbidden = otherViewer.get("/api/v1/namespaces/shop/events");
    Response across = otherViewer.get("/api/v1/events?fieldSelector=" + mine);
    Response allowed = shopViewer.get("/api/v1/namespaces/shop/events?fieldSelector=" + mine);
    Response acrossAllowed = shopViewer.get("/api/v1/events?fieldSelector=" + mine);
    Response created =
        api.post(
            "/api/v1/namespaces/shop/events",
            "{\"metadata\": {\"name\": \"forged\"}, \"reason\": \"Forged\"}");
    Response deleted =
        api.delete(
            "/api/v1/namespaces/shop/events/"
                + allowed.json().at("/items/0/metadata/name").asString());

    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(across.status()).isEqualTo(200);
    assertThat(across.json().path("items").size()).isZero();
    assertThat(allowed.json().path("items").size()).isEqualTo(1);
    assertThat(acrossAllowed.json().path("items").size()).isEqualTo(1);
    assertThat(created.status()).isEqualTo(405);
    assertThat(created.json().path("kind").asString()).isEqualTo("Status");
    assertThat(deleted.status()).isEqualTo(405);
    assertThat(
            shopViewer
                .get("/api/v1/namespaces/shop/events?fieldSelector=" + mine)
                .json()
                .path("items")
                .size())
        .isEqualTo(1);
  }

  @Test
  void discoveryListsTheCoreGroupWithEventsAlone() {
    Response versions = api.get("/api");
    Response core = api.get("/api/v1");

    assertThat(versions.json().path("versions").valueStream().map(JsonNode::asString))
        .containsExactly("v1");
    assertThat(core.json().path("groupVersion").asString()).isEqualTo("v1");
    assertThat(core.json().path("resources").size()).isEqualTo(1);
    assertThat(core.json().at("/resources/0/name").asString()).isEqualTo("events");
    assertThat(core.json().at("/resources/0/verbs").valueStream().map(JsonNode::asString))
        .containsExactly("get", "list", "watch");
  }

  // --- helpers

  private static WorkloadEvent event(UUID uid, String reason, String message) {
    return new WorkloadEvent(
        "FederatedWorkload",
        "paged",
        "direct",
        uid,
        reason.startsWith("Failed"),
        reason,
        message,
        WorkloadEvent.SCHEDULER);
  }

  /** Records as the scheduler does, in a transaction of its own. */
  private void record(Instant at, WorkloadEvent event) {
    transactions.executeWithoutResult(status -> events.record(List.of(event), at));
  }

  private JsonNode byUid(UUID uid) {
    Response list = api.get("/api/v1/events?fieldSelector=" + encode("involvedObject.uid=" + uid));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json();
  }

  private List<String> reasons(String namespace, String workload) {
    Response list =
        api.get(
            "/api/v1/namespaces/"
                + namespace
                + "/events?fieldSelector="
                + encode("involvedObject.name=" + workload));
    assertThat(list.status()).as(list.body()).isEqualTo(200);
    return list.json().path("items").valueStream().map(e -> e.path("reason").asString()).toList();
  }

  private JsonNode only(String namespace, String workload, String reason) {
    Response list =
        api.get(
            "/api/v1/namespaces/"
                + namespace
                + "/events?fieldSelector="
                + encode("involvedObject.name=" + workload + ",reason=" + reason));
    assertThat(list.json().path("items").size()).as(list.body()).isEqualTo(1);
    return list.json().at("/items/0");
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
