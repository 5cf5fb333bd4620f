package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ubernetes.federation.cluster.MemberClusterStatus;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * No stored object outgrows {@code ubernetes.api.max-object-size} (1.5 MiB by default), whichever
 * write would make it so: a client's create, replace and patches are refused with 413 and write
 * nothing, a patch is stopped at the operation that would outgrow it, and a status the system would
 * write is logged and left out, the stored one kept.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObjectSizeIT extends ApiIntegrationTest {
  private static final String WORKLOADS = "/api/v1/namespaces/sizes/workloads";
  private static final int KIB = 1024;

  @Autowired private ResourceStore store;
  @Autowired private SystemWrites writes;
  @Autowired private ResourceReader reader;
  @Autowired private FederatedWorkloadStrategy workloads;
  @Autowired private MemberClusterStrategy clusters;

  /**
   * The copy bomb: each operation copies the spec into the spec's own template, doubling the
   * document. Unbounded, 19 operations of 1.3 KB built a document of gigabytes.
   */
  @Test
  void aCopyBombIsRefusedAtTheOperationThatOutgrowsTheLimitAndTheServiceKeepsAnswering() {
    String name = unique("amp");
    Response created = api.post(WORKLOADS, workload(name));
    StringBuilder bomb = new StringBuilder("[");
    for (int n = 0; n < 19; n++) {
      bomb.append(n == 0 ? "" : ",")
          .append("{\"op\":\"copy\",\"from\":\"/spec\",\"path\":\"/spec/template/spec/c")
          .append(n)
          .append("\"}");
    }
    bomb.append("]");
    AtomicBoolean bombing = new AtomicBoolean(true);
    CompletableFuture<List<Long>> reads =
        CompletableFuture.supplyAsync(
            () -> {
              List<Long> millis = new ArrayList<>();
              while (bombing.get() || millis.isEmpty()) {
                long start = System.nanoTime();
                assertThat(api.get("/api/v1/clusters?limit=1").status()).isEqualTo(200);
                millis.add((System.nanoTime() - start) / 1_000_000);
              }
              return millis;
            });

    long start = System.nanoTime();
    Response refused = api.jsonPatch(WORKLOADS + "/" + name, bomb.toString());
    long refusedAfter = (System.nanoTime() - start) / 1_000_000;
    bombing.set(false);
    List<Long> readMillis = reads.join();

    System.out.printf(
        "copy bomb (%d bytes) answered %d in %d ms; %d reads meanwhile, slowest %d ms%n",
        bomb.length(),
        refused.status(),
        refusedAfter,
        readMillis.size(),
        readMillis.stream().mapToLong(Long::longValue).max().orElse(0));
    assertThat(bomb.length()).isLessThan(1400);
    assertThat(refused.status()).as(refused.body()).isEqualTo(413);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.errorFields()).singleElement().asString().matches("\\[1?[0-9]]");
    assertThat(refused.at("/detail")).contains("bytes");
    assertThat(api.get(WORKLOADS + "/" + name).at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
  }

  @Test
  void patchesThatWouldOutgrowTheLimitAreRefusedAndWriteNothing() {
    String name = unique("patched");
    String path = WORKLOADS + "/" + name;
    api.post(WORKLOADS, configMapWorkload(name));
    Response grown =
        api.mergePatch(
            path, "{\"spec\": {\"template\": {\"data\": {\"b\": \"%s\"}}}}".formatted(x(900)));

    Response merged =
        api.mergePatch(
            path, "{\"spec\": {\"template\": {\"data\": {\"c\": \"%s\"}}}}".formatted(x(900)));
    Response added =
        api.jsonPatch(
            path,
            "[{\"op\": \"add\", \"path\": \"/spec/template/data/c\", \"value\": \"%s\"}]"
                .formatted(x(900)));
    Response copied =
        api.jsonPatch(
            path,
            "[{\"op\": \"test\", \"path\": \"/spec/replicas\", \"value\": 1},"
                + " {\"op\": \"copy\", \"from\": \"/spec/template/data/b\", \"path\": \"/spec/template/data/c\"}]");

    assertThat(grown.status()).as(grown.body()).isEqualTo(200);
    assertThat(merged.status()).as(merged.body()).isEqualTo(413);
    assertThat(merged.contentType()).startsWith("application/problem+json");
    assertThat(merged.errorFields()).containsExactly("spec");
    assertThat(merged.at("/detail")).contains("1572864 bytes");
    assertThat(added.status()).as(added.body()).isEqualTo(413);
    assertThat(added.errorFields()).containsExactly("[0]");
    assertThat(copied.status()).as(copied.body()).isEqualTo(413);
    assertThat(copied.errorFields()).containsExactly("[1]");
    assertThat(api.get(path).at("/metadata/resourceVersion"))
        .isEqualTo(grown.at("/metadata/resourceVersion"));
  }

  @Test
  void yamlAliasesCannotMakeAnObjectOutgrowTheLimit() {
    String name = unique("yaml-aliases");
    String yaml =
        """
        metadata:
          name: %s
        spec:
          template:
            apiVersion: v1
            kind: ConfigMap
            data: {a: &big %s, b: *big, c: *big}
        """
            .formatted(name, x(600));

    Response created = api.send("POST", WORKLOADS, "application/yaml", yaml, "application/json");

    assertThat(created.status()).as(created.body()).isEqualTo(413);
    assertThat(created.contentType()).startsWith("application/problem+json");
    assertThat(api.get(WORKLOADS + "/" + name).status()).isEqualTo(404);
  }

  @Test
  void createAndReplaceRefuseAnObjectOverTheLimit() {
    String name = unique("direct");
    FederatedWorkload big = bigWorkload(name, 1600);

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> store.create(workloads, "sizes", big))
        .satisfies(e -> assertThat(e.reason().status()).isEqualTo(413))
        .satisfies(
            e -> assertThat(e.errors()).extracting(FieldError::field).containsExactly("spec"));
    store.create(workloads, "sizes", bigWorkload(name, 1));
    FederatedWorkload stored = reader.get(workloads, "sizes", name);
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(
            () ->
                store.replace(
                    workloads,
                    "sizes",
                    name,
                    new FederatedWorkload(
                        null, null, stored.metadata(), bigWorkload(name, 1600).spec(), null),
                    new FieldErrors(),
                    WriteOptions.DEFAULT))
        .satisfies(e -> assertThat(e.reason().status()).isEqualTo(413));
    assertThat(reader.get(workloads, "sizes", name).metadata().resourceVersion())
        .isEqualTo(stored.metadata().resourceVersion());
  }

  @Test
  void aStatusTheSystemWouldWriteOverTheLimitIsLoggedAndLeftOut(CapturedOutput output) {
    String name = unique("big-status");
    Response created = api.post("/api/v1/clusters", cluster(name, "eu-central", "onprem"));
    Condition huge = new Condition("Ready", "False", "Huge", x(1600), "2026-12-06T00:00:00Z", 1L);

    writes.updateStatus(clusters, null, name, status -> status.withConditions(List.of(huge)));
    writes.changeStatus(clusters, null, name, status -> status.withConditions(List.of(huge)));
    Map<java.util.UUID, MemberClusterStatus> batch =
        writes.updateStatuses(
            clusters,
            Map.of(
                java.util.UUID.fromString(created.at("/metadata/uid")),
                status -> status.withConditions(List.of(huge))));

    Response after = api.get("/api/v1/clusters/" + name);
    assertThat(after.at("/metadata/resourceVersion"))
        .isEqualTo(created.at("/metadata/resourceVersion"));
    assertThat(after.at("/status/conditions/0/reason")).isEqualTo("AgentNeverConnected");
    assertThat(batch.values())
        .singleElement()
        .satisfies(
            status ->
                assertThat(status.conditions().getFirst().reason())
                    .isEqualTo("AgentNeverConnected"));
    assertThat(output.getOut())
        .contains("status of MemberCluster \"" + name + "\" not written")
        .contains("ubernetes.api.max-object-size");
  }

  private static String x(int kib) {
    return "x".repeat(kib * KIB);
  }

  private static String configMapWorkload(String name) {
    return """
        {"metadata": {"name": "%s"},
         "spec": {"replicas": 1, "template": {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "x"}}}}
        """
        .formatted(name);
  }

  private static FederatedWorkload bigWorkload(String name, int kib) {
    ObjectNode template = JsonNodeFactory.instance.objectNode();
    template.put("apiVersion", "v1").put("kind", "ConfigMap");
    template.putObject("data").put("a", x(kib));
    return new FederatedWorkload(
        null,
        null,
        ObjectMeta.named(name),
        new io.ubernetes.federation.workload.WorkloadSpec(
            template, null, 1, null, null, null, null, null, null, null, null, null),
        null);
  }
}
