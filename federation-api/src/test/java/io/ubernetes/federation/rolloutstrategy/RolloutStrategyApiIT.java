package io.ubernetes.federation.rolloutstrategy;

import static io.ubernetes.federation.testing.Manifests.deployment;
import static io.ubernetes.federation.testing.Manifests.rolloutStrategy;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.WatchConnection;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class RolloutStrategyApiIT extends ApiIntegrationTest {
  private static final String STRATEGIES = "/apis/ubernetes.io/v1/rolloutstrategies";
  private static final String OLD_PATHS = "/api/v1/rolloutstrategies";

  @Autowired private RolloutStrategies strategies;

  @Test
  void storesAStrategyAsWrittenAndServesItOnBothPaths() {
    String name = unique("canary-then-eu");

    Response created = api.post(STRATEGIES, rolloutStrategy(name));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.at("/kind")).isEqualTo("RolloutStrategy");
    assertThat(created.at("/apiVersion")).isEqualTo("ubernetes.io/v1");
    assertThat(created.json().at("/spec"))
        .isEqualTo(ApiClient.tree(rolloutStrategy(name)).at("/spec"));
    assertThat(created.json().at("/metadata/namespace").isMissingNode()).isTrue();
    assertThat(api.get(OLD_PATHS + "/" + name).json()).isEqualTo(created.json());
    assertThat(api.get(STRATEGIES + "/" + name).json()).isEqualTo(created.json());
    Response list = api.get(STRATEGIES);
    assertThat(list.at("/kind")).isEqualTo("RolloutStrategyList");
    assertThat(list.json().at("/items").valueStream().map(i -> i.at("/metadata/name").asString()))
        .contains(name);
  }

  @Test
  void theRolloutsFindAStrategysSpecByName() {
    String name = unique("found");
    api.post(STRATEGIES, rolloutStrategy(name));

    assertThat(strategies.find(name))
        .hasValueSatisfying(
            spec -> {
              assertThat(spec.strategyRef()).isNull();
              assertThat(spec.stages())
                  .extracting(stage -> stage.name())
                  .containsExactly("canary", "eu");
              assertThat(spec.stages().get(0).minReady()).hasSeconds(30);
              assertThat(spec.stages().get(1).concurrency().toString()).isEqualTo("50%");
              assertThat(spec.stages().get(1).needsApproval()).isTrue();
              assertThat(spec.failurePolicy()).isEqualTo("Pause");
            });
    assertThat(strategies.find(unique("missing"))).isEmpty();
  }

  @Test
  void readsAndWritesYaml() {
    String name = unique("yaml");
    String yaml =
        """
        apiVersion: ubernetes.io/v1
        kind: RolloutStrategy
        metadata:
          name: %s
        spec:
          stages:
          - name: canary
            clusterSelector:
              matchLabels:
                ubernetes.io/rollout-ring: canary
            maxConcurrency: 1
            minReadyTime: 30s
          - name: eu
            maxConcurrency: 50%%
            approval: true
            progressDeadline: 1h30m
          onFailure: Rollback
        """
            .formatted(name);

    Response created = api.send("POST", STRATEGIES, "application/yaml", yaml, "application/yaml");
    Response read = api.get(STRATEGIES + "/" + name);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.contentType()).startsWith("application/yaml");
    assertThat(created.body()).contains("maxConcurrency: 50%").contains("minReadyTime: 30s");
    assertThat(read.json().at("/spec/stages/0/maxConcurrency").asInt()).isEqualTo(1);
    assertThat(read.at("/spec/stages/1/maxConcurrency")).isEqualTo("50%");
    assertThat(read.json().at("/spec/stages/1/approval").asBoolean()).isTrue();
    assertThat(read.at("/spec/stages/1/progressDeadline")).isEqualTo("1h30m");
    assertThat(read.at("/spec/onFailure")).isEqualTo("Rollback");
  }

  @Test
  void updatesAndDeletesAnUnusedStrategy() {
    String name = unique("unused");
    api.post(STRATEGIES, rolloutStrategy(name));

    Response updated =
        api.mergePatch(STRATEGIES + "/" + name, "{\"spec\": {\"onFailure\": \"Rollback\"}}");
    Response deleted = api.delete(OLD_PATHS + "/" + name);

    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.at("/spec/onFailure")).isEqualTo("Rollback");
    assertThat(updated.json().at("/metadata/generation").asLong()).isEqualTo(2);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(api.get(STRATEGIES + "/" + name).status()).isEqualTo(404);
  }

  @Test
  void aStrategyCannotReferToAnotherNorHaveBrokenStages() {
    Response reference =
        api.post(
            OLD_PATHS,
            "{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"strategyRef\": \"other\"}}"
                .formatted(unique("ref")));
    Response broken =
        api.post(
            OLD_PATHS,
            ("{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"stages\": [{\"name\": \"a\"},"
                    + " {\"name\": \"b\", \"maxConcurrency\": 0}, {\"name\": \"a\","
                    + " \"progressDeadline\": \"soon\"}], \"onFailure\": \"Panic\"}}")
                .formatted(unique("broken")));

    assertThat(reference.status()).isEqualTo(422);
    assertThat(reference.errorFields()).containsExactly("spec.strategyRef");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.contentType()).startsWith("application/problem+json");
    assertThat(broken.errorFields())
        .containsExactlyInAnyOrder(
            "spec.stages[1].maxConcurrency",
            "spec.stages[2].name",
            "spec.stages[2].progressDeadline",
            "spec.onFailure");
  }

  @Test
  void aWorkloadRefersToAnExistingStrategyOnly() {
    String strategy = unique("later");
    String workload = workloadUsing(unique("w"), strategy);

    Response refused = api.post("/api/v1/namespaces/shop/workloads", workload);
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorFields()).containsExactly("spec.rolloutStrategy.strategyRef");
    assertThat(refused.at("/errors/0/message"))
        .isEqualTo("RolloutStrategy \"" + strategy + "\" does not exist");

    api.post(STRATEGIES, rolloutStrategy(strategy));
    Response accepted = api.post("/api/v1/namespaces/shop/workloads", workload);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
    assertThat(accepted.at("/spec/rolloutStrategy/strategyRef")).isEqualTo(strategy);
  }

  @Test
  void aStrategyInUseCannotBeDeletedUntilItsWorkloadsLetGo() {
    String strategy = unique("shared");
    api.post(STRATEGIES, rolloutStrategy(strategy));
    String first = unique("a");
    String second = unique("b");
    api.post("/api/v1/namespaces/shop/workloads", workloadUsing(first, strategy));
    api.post("/api/v1/namespaces/ops/workloads", workloadUsing(second, strategy));

    Response refused = api.delete(OLD_PATHS + "/" + strategy);
    Response refusedAsKubernetes = api.delete(STRATEGIES + "/" + strategy);

    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/detail")).contains("shop/" + first).contains("ops/" + second);
    assertThat(refusedAsKubernetes.status()).isEqualTo(409);
    assertThat(refusedAsKubernetes.at("/kind")).isEqualTo("Status");
    assertThat(refusedAsKubernetes.at("/message")).contains("shop/" + first);
    assertThat(api.get(STRATEGIES + "/" + strategy).status()).isEqualTo(200);

    api.delete("/api/v1/namespaces/shop/workloads/" + first);
    api.mergePatch(
        "/api/v1/namespaces/ops/workloads/" + second,
        "{\"spec\": {\"rolloutStrategy\": {\"strategyRef\": null, \"stages\": [{\"name\": \"all\"}]}}}");
    assertThat(api.delete(STRATEGIES + "/" + strategy).status()).isEqualTo(200);
  }

  @Test
  void serverSideApplyMergesStagesByName() {
    String name = unique("applied");
    String canary =
        """
        apiVersion: ubernetes.io/v1
        kind: RolloutStrategy
        metadata: {name: %s}
        spec:
          stages:
          - {name: canary, maxConcurrency: 1}
        """
            .formatted(name);
    String eu =
        """
        apiVersion: ubernetes.io/v1
        kind: RolloutStrategy
        metadata: {name: %s}
        spec:
          stages:
          - {name: eu, approval: true}
        """
            .formatted(name);

    Response first = apply(name, "platform", canary);
    Response second = apply(name, "regions", eu);

    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(second.status()).as(second.body()).isEqualTo(200);
    assertThat(second.json().at("/spec/stages").valueStream().map(s -> s.at("/name").asString()))
        .containsExactly("canary", "eu");
    assertThat(second.body()).contains("k:{\\\"name\\\":\\\"eu\\\"}");
  }

  private Response apply(String name, String manager, String yaml) {
    return api.send(
        "PATCH",
        STRATEGIES + "/" + name + "?fieldManager=" + manager,
        "application/apply-patch+yaml",
        yaml,
        "application/json");
  }

  @Test
  void changesAreWatchedOnEitherPath() {
    String name = unique("watched");
    String selector = "?watch=true&fieldSelector=metadata.name%3D" + name;
    try (WatchConnection group = WatchConnection.open(port(), STRATEGIES + selector);
        WatchConnection legacy = WatchConnection.open(port(), OLD_PATHS + selector)) {
      api.post(STRATEGIES, rolloutStrategy(name));
      api.delete(STRATEGIES + "/" + name);

      for (WatchConnection watch : java.util.List.of(group, legacy)) {
        JsonNode added = watch.next();
        JsonNode deleted = watch.next();
        assertThat(added.at("/type").asString()).isEqualTo("ADDED");
        assertThat(added.at("/object/kind").asString()).isEqualTo("RolloutStrategy");
        assertThat(added.at("/object/spec/stages/0/name").asString()).isEqualTo("canary");
        assertThat(deleted.at("/type").asString()).isEqualTo("DELETED");
        assertThat(deleted.at("/object/metadata/name").asString()).isEqualTo(name);
      }
    }
  }

  private static String workloadUsing(String name, String strategy) {
    return ("{\"metadata\": {\"name\": \"%s\"}, \"spec\": {\"template\": %s,"
            + " \"rolloutStrategy\": {\"strategyRef\": \"%s\"}}}")
        .formatted(name, deployment("nginx"), strategy);
  }
}
