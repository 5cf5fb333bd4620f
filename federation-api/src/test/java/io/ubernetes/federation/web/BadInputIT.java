package io.ubernetes.federation.web;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.deployment;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.Arguments.ArgumentSet;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every class of client mistake gets a 4xx problem naming what is wrong, and writes nothing. The
 * objects the requests try to create are named {@code never-created}; none may exist afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT extends ApiIntegrationTest {
  private static final String JSON = "application/json";
  private static final String YAML = "application/yaml";
  private static final String CLUSTERS = "/api/v1/clusters";
  private static final String WORKLOADS = "/api/v1/namespaces/bad/workloads";
  private static final String CLUSTER_WORKLOADS = "/api/v1/clusterworkloads";
  private static final String POLICIES = "/api/v1/placementpolicies";
  private static final String STRATEGIES = "/api/v1/rolloutstrategies";
  private static final String OBJECTS = "/api/v1/namespaces/bad/federatedobjects";
  private static final String EXISTING = "/api/v1/clusters/existing";

  @BeforeAll
  void createExistingCluster() {
    connect();
    api.post(CLUSTERS, cluster("existing", "eu-central", "onprem"));
  }

  // spotless:off
  static Stream<Arguments> badRequests() {
    return Stream.of(
        // Unreadable documents: 400, naming where the reader stopped.
        argumentSet("malformed JSON", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": ", 400, "metadata"),
        argumentSet("malformed YAML", "POST", CLUSTERS, YAML, "metadata: {name: 'never-created\n", 400, "metadata"),
        argumentSet("trailing garbage", "POST", CLUSTERS, JSON, clusterWith("{}") + " {}", 400, "body"),
        // Fields that do not fit the document's type: 422, every one of them named.
        argumentSet("boolean as string", "POST", CLUSTERS, JSON, clusterWith("{\"unschedulable\": \"yes\"}"), 422, "spec.unschedulable"),
        argumentSet("integer as string", "POST", WORKLOADS, JSON, workloadWith("\"replicas\": \"3\""), 422, "spec.replicas"),
        argumentSet("fraction for integer", "POST", WORKLOADS, JSON, workloadWith("\"replicas\": 1.5"), 422, "spec.replicas"),
        argumentSet("string for boolean", "POST", WORKLOADS, JSON, workloadWith("\"propagateDependencies\": \"no\""), 422, "spec.propagateDependencies"),
        argumentSet("a Deployment as a federated object", "POST", OBJECTS, JSON, "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {\"object\": {\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\"}}}", 422, "spec.object.kind"),
        argumentSet("integer overflow", "POST", WORKLOADS, JSON, workloadWith("\"replicas\": 99999999999"), 422, "spec.replicas"),
        argumentSet("unknown top-level field", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {}, \"extra\": 1}", 422, "extra"),
        argumentSet("unknown nested field", "POST", CLUSTERS, JSON, clusterWith("{\"cost\": {\"cpu\": 1}}"), 422, "spec.cost.cpu"),
        argumentSet("unknown YAML field", "POST", CLUSTERS, YAML, "metadata:\n  name: never-created\nspec:\n  regoin: eu\n", 422, "spec.regoin"),
        argumentSet("duplicate key", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"name\": \"other\"}, \"spec\": {}}", 400, "metadata.name"),
        argumentSet("null in a list", "POST", CLUSTERS, JSON, clusterWith("{\"taints\": [null]}"), 422, "spec.taints[0]"),
        argumentSet("null label value", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"labels\": {\"a\": null}}, \"spec\": {}}", 422, "metadata.labels.a"),
        argumentSet("rollout bound as an object", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurge\": {\"percent\": 25}}"), 422, "spec.rollout.maxSurge"),
        argumentSet("rollout bound as a fraction", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurge\": 0.25}"), 422, "spec.rollout.maxSurge"),
        argumentSet("unknown rollout field", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurgeCount\": 1}"), 422, "spec.rollout.maxSurgeCount"),
        argumentSet("unknown enum value", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"mode\": \"Spread\"}"), 422, "spec.placement.mode"),
        argumentSet("unknown taint effect", "POST", CLUSTERS, JSON, clusterWith("{\"taints\": [{\"key\": \"gpu\", \"effect\": \"Never\"}]}"), 422, "spec.taints[0].effect"),
        argumentSet("missing body", "POST", CLUSTERS, JSON, null, 400, "body"),
        // Invalid objects: 422, every broken rule named.
        argumentSet("invalid name", "POST", CLUSTERS, JSON, cluster("Bad_Name", "eu", "onprem"), 422, "metadata.name"),
        argumentSet("cluster name longer than a DNS label", "POST", CLUSTERS, JSON, cluster("c".repeat(64), "eu", "onprem"), 422, "metadata.name"),
        argumentSet("missing name", "POST", POLICIES, JSON, "{\"metadata\": {}, \"spec\": {}}", 422, "metadata.name"),
        argumentSet("missing spec", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\"}}", 422, "spec"),
        argumentSet("invalid label key", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"labels\": {\"-bad\": \"x\"}}, \"spec\": {}}", 422, "metadata.labels"),
        argumentSet("invalid label value", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"labels\": {\"a\": \"b c\"}}, \"spec\": {}}", 422, "metadata.labels[a]"),
        argumentSet("invalid annotation key", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"annotations\": {\"a/b/c\": \"x\"}}, \"spec\": {}}", 422, "metadata.annotations"),
        argumentSet("invalid region", "POST", CLUSTERS, JSON, clusterWith("{\"region\": \"eu central\"}"), 422, "spec.region"),
        argumentSet("negative price", "POST", CLUSTERS, JSON, clusterWith("{\"cost\": {\"cpuCoreHour\": -0.1}}"), 422, "spec.cost.cpuCoreHour"),
        argumentSet("absurd price", "POST", CLUSTERS, JSON, clusterWith("{\"cost\": {\"memoryGiBHour\": 1e12}}"), 422, "spec.cost.memoryGiBHour"),
        argumentSet("taint without key", "POST", CLUSTERS, JSON, clusterWith("{\"taints\": [{\"effect\": \"NoSchedule\"}]}"), 422, "spec.taints[0].key"),
        argumentSet("wrong apiVersion", "POST", CLUSTERS, JSON, "{\"apiVersion\": \"v1\", \"metadata\": {\"name\": \"never-created\"}, \"spec\": {}}", 422, "apiVersion"),
        argumentSet("wrong kind", "POST", CLUSTERS, JSON, "{\"kind\": \"Node\", \"metadata\": {\"name\": \"never-created\"}, \"spec\": {}}", 422, "kind"),
        argumentSet("resourceVersion on create", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"resourceVersion\": \"5\"}, \"spec\": {}}", 422, "metadata.resourceVersion"),
        argumentSet("invalid namespace in URL", "POST", "/api/v1/namespaces/Bad_NS/workloads", JSON, workloadWith(""), 422, "metadata.namespace"),
        argumentSet("workload name too long for the workload label", "POST", WORKLOADS, JSON, workload("w".repeat(60)), 422, "metadata.name"),
        argumentSet("negative replicas", "POST", WORKLOADS, JSON, workloadWith("\"replicas\": -1"), 422, "spec.replicas"),
        argumentSet("absurd replicas", "POST", WORKLOADS, JSON, workloadWith("\"replicas\": 1000000"), 422, "spec.replicas"),
        argumentSet("preference weight 0", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"preferences\": [{\"weight\": 0, \"selector\": {}}]}"), 422, "spec.placement.preferences[0].weight"),
        argumentSet("preference weight 101", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"preferences\": [{\"weight\": 101, \"selector\": {}}]}"), 422, "spec.placement.preferences[0].weight"),
        argumentSet("In without values", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"clusterSelector\": {\"matchExpressions\": [{\"key\": \"a\", \"operator\": \"In\"}]}}"), 422, "spec.placement.clusterSelector.matchExpressions[0].values"),
        argumentSet("min above max per cluster", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"minReplicasPerCluster\": 5, \"maxReplicasPerCluster\": 2}"), 422, "spec.placement.minReplicasPerCluster"),
        argumentSet("maxClusters 0", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"maxClusters\": 0}"), 422, "spec.placement.maxClusters"),
        argumentSet("burst without tiers", "POST", POLICIES, JSON, policyWith("{\"burst\": {\"tiers\": []}}"), 422, "spec.burst.tiers"),
        argumentSet("burst utilization above 1", "POST", POLICIES, JSON, policyWith("{\"burst\": {\"tiers\": [\"onprem\"], \"maxUtilization\": 1.5}}"), 422, "spec.burst.maxUtilization"),
        argumentSet("negative cost weight", "POST", POLICIES, JSON, policyWith("{\"costWeights\": {\"price\": -1}}"), 422, "spec.costWeights.price"),
        argumentSet("weight on strict coupling", "POST", POLICIES, JSON, policyWith("{\"coupling\": [{\"workload\": \"db\", \"type\": \"Strict\", \"weight\": 5}]}"), 422, "spec.coupling[0].weight"),
        argumentSet("policyRef with fields", "POST", WORKLOADS, JSON, workloadWith("\"placement\": {\"policyRef\": \"p\", \"maxClusters\": 2}"), 422, "spec.placement"),
        argumentSet("override with a bad op", "POST", WORKLOADS, JSON, workloadWith("\"overrides\": [{\"patch\": [{\"op\": \"merge\", \"path\": \"/spec\"}]}]"), 422, "spec.overrides[0].patch[0].op"),
        argumentSet("rollout surge that is no percentage", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurge\": \"a quarter\"}"), 422, "spec.rollout.maxSurge"),
        argumentSet("rollout unavailability beyond 100%", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxUnavailable\": \"150%\"}"), 422, "spec.rollout.maxUnavailable"),
        argumentSet("rollout negative surge", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurge\": -1}"), 422, "spec.rollout.maxSurge"),
        argumentSet("rollout that cannot move anything", "POST", WORKLOADS, JSON, workloadWith("\"rollout\": {\"maxSurge\": 0, \"maxUnavailable\": \"0%\"}"), 422, "spec.rollout.maxUnavailable"),
        argumentSet("unknown stage field", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"stages\": [{\"name\": \"a\", \"bakeTime\": \"5m\"}]}"), 422, "spec.rolloutStrategy.stages[0].bakeTime"),
        argumentSet("approval as a string", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"stages\": [{\"name\": \"a\", \"approval\": \"yes\"}]}"), 422, "spec.rolloutStrategy.stages[0].approval"),
        argumentSet("unknown rolloutControl field", "POST", WORKLOADS, JSON, workloadWith("\"rolloutControl\": {\"resume\": true}"), 422, "spec.rolloutControl.resume"),
        argumentSet("revisionHistoryLimit above 100", "POST", WORKLOADS, JSON, workloadWith("\"revisionHistoryLimit\": 101"), 422, "spec.revisionHistoryLimit"),
        argumentSet("strategyRef with stages", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"strategyRef\": \"s\", \"stages\": [{\"name\": \"a\"}]}"), 422, "spec.rolloutStrategy"),
        argumentSet("stage concurrency 0", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"stages\": [{\"name\": \"a\"}, {\"name\": \"b\", \"maxConcurrency\": 0}]}"), 422, "spec.rolloutStrategy.stages[1].maxConcurrency"),
        argumentSet("stage named rest", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"stages\": [{\"name\": \"rest\"}]}"), 422, "spec.rolloutStrategy.stages[0].name"),
        argumentSet("deadline within the bake time", "POST", WORKLOADS, JSON, workloadWith("\"rolloutStrategy\": {\"stages\": [{\"name\": \"a\", \"minReadyTime\": \"1h\", \"progressDeadline\": \"30m\"}]}"), 422, "spec.rolloutStrategy.stages[0].progressDeadline"),
        argumentSet("approval of no revision", "POST", WORKLOADS, JSON, workloadWith("\"rolloutControl\": {\"approve\": \"eu\"}"), 422, "spec.rolloutControl.approve"),
        argumentSet("rollback to revision 0", "POST", WORKLOADS, JSON, workloadWith("\"rolloutControl\": {\"rollbackTo\": 0}"), 422, "spec.rolloutControl.rollbackTo"),
        argumentSet("rollout strategy referring to another", "POST", STRATEGIES, JSON, policyWith("{\"strategyRef\": \"other\"}"), 422, "spec.strategyRef"),
        argumentSet("rollout strategy without stages", "POST", STRATEGIES, JSON, policyWith("{\"onFailure\": \"Pause\"}"), 422, "spec.stages"),
        argumentSet("rollout strategy with a bad duration", "POST", STRATEGIES, JSON, policyWith("{\"stages\": [{\"name\": \"a\", \"minReadyTime\": \"5 minutes\"}]}"), 422, "spec.stages[0].minReadyTime"),
        argumentSet("rollout strategy with an unknown failure policy", "POST", STRATEGIES, JSON, policyWith("{\"stages\": [{\"name\": \"a\"}], \"onFailure\": \"Ignore\"}"), 422, "spec.onFailure"),
        argumentSet("unknown rollout strategy field", "POST", STRATEGIES, JSON, policyWith("{\"stages\": [{\"name\": \"a\"}], \"onFail\": \"Pause\"}"), 422, "spec.onFail"),
        argumentSet("override renaming the template", "POST", WORKLOADS, JSON, workloadWith("\"overrides\": [{\"patch\": [{\"op\": \"replace\", \"path\": \"/metadata/name\", \"value\": \"x\"}]}]"), 422, "spec.overrides[0].patch[0].path"),
        // Templates that are not valid Kubernetes objects: 422 naming the path inside the template.
        argumentSet("template without apiVersion", "POST", WORKLOADS, JSON, workloadWithTemplate("{\"kind\": \"Deployment\"}"), 422, "spec.template.apiVersion"),
        argumentSet("template of an unknown built-in kind", "POST", WORKLOADS, JSON, workloadWithTemplate("{\"apiVersion\": \"apps/v1\", \"kind\": \"Deploymnt\"}"), 422, "spec.template.kind"),
        argumentSet("cluster-scoped template", "POST", WORKLOADS, JSON, workloadWithTemplate("{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\"}}"), 422, "spec.template.kind"),
        argumentSet("namespaced template without namespace in a cluster workload", "POST", CLUSTER_WORKLOADS, JSON, "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {\"template\": {\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"x\"}}}}", 422, "spec.template.metadata.namespace"),
        argumentSet("namespace on a cluster-scoped resource of a cluster workload", "POST", CLUSTER_WORKLOADS, JSON, "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {\"template\": {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\"}}, \"resources\": [{\"apiVersion\": \"rbac.authorization.k8s.io/v1\", \"kind\": \"ClusterRole\", \"metadata\": {\"name\": \"r\", \"namespace\": \"x\"}}]}}", 422, "spec.resources[0].metadata.namespace"),
        argumentSet("cluster workload name too long for its label", "POST", CLUSTER_WORKLOADS, JSON, "{\"metadata\": {\"name\": \"" + "n".repeat(56) + "\"}, \"spec\": {\"template\": {\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"x\"}}}}", 422, "metadata.name"),
        argumentSet("unknown field in template", "POST", WORKLOADS, JSON, workloadWithTemplate(deployment("nginx").replace("\"selector\"", "\"replicaz\": 2, \"selector\"")), 422, "spec.template.spec.replicaz"),
        argumentSet("wrong type in template", "POST", WORKLOADS, JSON, workloadWithTemplate(deployment("nginx").replace("\"selector\"", "\"replicas\": \"two\", \"selector\"")), 422, "spec.template.spec.replicas"),
        argumentSet("invalid quantity in template", "POST", WORKLOADS, JSON, workloadWithTemplate(deployment("nginx").replace("250m", "lots")), 422, "spec.template.spec.template.spec.containers[0].resources.requests[cpu]"),
        argumentSet("template without containers", "POST", WORKLOADS, JSON, workloadWithTemplate("{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\", \"spec\": {}}"), 422, "spec.template.spec.template.spec.containers"),
        argumentSet("container without image", "POST", WORKLOADS, JSON, workloadWithTemplate(deployment("")), 422, "spec.template.spec.template.spec.containers[0].image"),
        argumentSet("template in another namespace", "POST", WORKLOADS, JSON, workloadWithTemplate("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"namespace\": \"prod\"}}"), 422, "spec.template.metadata.namespace"),
        argumentSet("resource without name", "POST", WORKLOADS, JSON, workloadWith("\"resources\": [{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {}}]"), 422, "spec.resources[0].metadata.name"),
        // Requests that contradict their URL: 400.
        argumentSet("body namespace differs from URL", "POST", WORKLOADS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"namespace\": \"prod\"}, \"spec\": {\"template\": " + deployment("nginx") + "}}", 400, "metadata.namespace"),
        argumentSet("namespace on a cluster-scoped kind", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"namespace\": \"prod\"}, \"spec\": {}}", 400, "metadata.namespace"),
        argumentSet("body name differs from URL", "PUT", EXISTING, JSON, cluster("other", "eu", "onprem"), 400, "metadata.name"),
        // Bad parameters: 400.
        argumentSet("invalid label selector", "GET", CLUSTERS + "?labelSelector=a%20in", null, null, 400, "labelSelector"),
        argumentSet("negative limit", "GET", CLUSTERS + "?limit=-1", null, null, 400, "limit"),
        argumentSet("non-numeric limit", "GET", CLUSTERS + "?limit=ten", null, null, 400, "limit"),
        argumentSet("forged continue token", "GET", CLUSTERS + "?limit=1&continue=bm9wZQ", null, null, 400, "continue"),
        // Patches that do not apply: 400 or 422.
        argumentSet("JSON patch that is not a list", "PATCH", EXISTING, "application/json-patch+json", "{\"op\": \"add\"}", 400, "body"),
        argumentSet("JSON patch with an unknown op", "PATCH", EXISTING, "application/json-patch+json", "[{\"op\": \"merge\", \"path\": \"/spec\"}]", 400, "[0].op"),
        argumentSet("JSON patch of a missing path", "PATCH", EXISTING, "application/json-patch+json", "[{\"op\": \"replace\", \"path\": \"/spec/nothing/here\", \"value\": 1}]", 422, "[0].path"),
        argumentSet("merge patch making a wrong type", "PATCH", EXISTING, "application/merge-patch+json", "{\"spec\": {\"unschedulable\": 3}}", 422, "spec.unschedulable"),
        argumentSet("merge patch breaking validation", "PATCH", EXISTING, "application/merge-patch+json", "{\"spec\": {\"cost\": {\"cpuCoreHour\": -5}}}", 422, "spec.cost.cpuCoreHour"),
        // Text PostgreSQL cannot store (NUL, unpaired surrogates), wherever it is: 400 naming where.
        argumentSet("NUL in a template string", "POST", WORKLOADS, JSON, workloadWithTemplate(deployment("nginx\\u0000")), 400, "spec.template.spec.template.spec.containers[0].image"),
        argumentSet("NUL in an annotation value", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"annotations\": {\"a\": \"x\\u0000y\"}}, \"spec\": {}}", 400, "metadata.annotations.a"),
        argumentSet("NUL in an annotation key", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"annotations\": {\"a\\u0000\": \"x\"}}, \"spec\": {}}", 400, "metadata.annotations"),
        argumentSet("NUL in a label value", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"labels\": {\"a\": \"\\u0000\"}}, \"spec\": {}}", 400, "metadata.labels.a"),
        argumentSet("NUL in a name", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\\u0000\"}, \"spec\": {}}", 400, "metadata.name"),
        argumentSet("NUL in YAML", "POST", CLUSTERS, YAML, "metadata:\n  name: never-created\n  annotations:\n    a: \"x\\0y\"\nspec: {}\n", 400, "metadata.annotations.a"),
        argumentSet("unpaired surrogate in JSON", "POST", CLUSTERS, JSON, "{\"metadata\": {\"name\": \"never-created\", \"annotations\": {\"a\": \"x\\ud800y\"}}, \"spec\": {}}", 400, "metadata.annotations.a"),
        argumentSet("unpaired surrogate in YAML", "POST", CLUSTERS, YAML, "metadata:\n  name: never-created\n  annotations:\n    a: \"x\\udc00y\"\nspec: {}\n", 400, "metadata.annotations.a"),
        argumentSet("NUL in a merge patch", "PATCH", EXISTING, "application/merge-patch+json", "{\"metadata\": {\"annotations\": {\"a\": \"x\\u0000\"}}}", 400, "metadata.annotations.a"),
        argumentSet("NUL in a JSON patch", "PATCH", EXISTING, "application/json-patch+json", "[{\"op\": \"add\", \"path\": \"/metadata/annotations\", \"value\": {\"a\": \"\\u0000\"}}]", 400, "[0].value.a"),
        argumentSet("NUL in a token name", "POST", "/api/v1/tokens", JSON, "{\"name\": \"ci\\u0000\", \"role\": \"viewer\", \"expiresIn\": \"1d\"}", 400, "name"),
        argumentSet("NUL in the audit log's subject filter", "GET", "/api/v1/audit?subject=a%00b", null, null, 400, "subject"),
        argumentSet("NUL in the audit log's name filter", "GET", "/api/v1/audit?name=a%00b", null, null, 400, "name"),
        argumentSet("NUL in a label selector", "GET", CLUSTERS + "?labelSelector=a%3Db%00", null, null, 400, "labelSelector"),
        argumentSet("NUL in a continue token", "GET", CLUSTERS + "?limit=1&continue=" + forgedClusterContinueToken("\u0000", "x"), null, null, 400, "continue"),
        argumentSet("NUL in a parameter's name", "GET", CLUSTERS + "?a%00b=1", null, null, 400, "a\u0000b"),
        // resourceVersions are the numbers this server issued: anything else is malformed, not stale.
        argumentSet("garbage resourceVersion in a replacement", "PUT", EXISTING, JSON, "{\"metadata\": {\"name\": \"existing\", \"resourceVersion\": \"abc\"}, \"spec\": {\"region\": \"eu-west\"}}", 400, "metadata.resourceVersion"),
        argumentSet("garbage resourceVersion in a patch", "PATCH", EXISTING, "application/merge-patch+json", "{\"metadata\": {\"resourceVersion\": \"12abc\"}, \"spec\": {\"region\": \"eu-west\"}}", 400, "metadata.resourceVersion"),
        argumentSet("garbage resourceVersion precondition", "DELETE", EXISTING + "?resourceVersion=abc", null, null, 400, "resourceVersion"),
        argumentSet("negative resourceVersion precondition", "DELETE", EXISTING + "?resourceVersion=-1", null, null, 400, "resourceVersion"),
        argumentSet("garbage resourceVersion in delete options", "DELETE", EXISTING, JSON, "{\"preconditions\": {\"resourceVersion\": \"1e3\"}}", 400, "preconditions.resourceVersion"),
        argumentSet("garbage resourceVersion on a list", "GET", CLUSTERS + "?resourceVersion=latest", null, null, 400, "resourceVersion"),
        // Transport-level mistakes.
        argumentSet("unsupported media type", "POST", CLUSTERS, "text/plain", "name=x", 415, null),
        argumentSet("PATCH as plain JSON", "PATCH", EXISTING, JSON, "{\"spec\": {}}", 415, null),
        argumentSet("strategic merge patch", "PATCH", EXISTING, "application/strategic-merge-patch+json", "{\"spec\": {}}", 415, null),
        argumentSet("unknown path", "GET", "/api/v1/widgets", null, null, 404, null),
        argumentSet("unknown object", "GET", "/api/v1/namespaces/bad/workloads/never-created", null, null, 404, null),
        argumentSet("wrong method", "PUT", CLUSTERS, JSON, "{}", 405, null));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("badRequests")
  void answersAProblemNamingTheField(
      String method, String path, String contentType, String body, int status, String field) {
    Response response = api.send(method, path, contentType, body, "application/json");

    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().path("status").asInt()).isEqualTo(status);
    assertThat(response.at("/title")).isNotBlank();
    assertThat(response.at("/type")).startsWith("https://ubernetes.io/problems/");
    assertThat(response.at("/detail")).isNotBlank();
    if (field != null) {
      assertThat(response.errorFields()).as(response.body()).contains(field);
    }
  }

  /**
   * The same mistakes on the group's paths, as kubectl sends them (with {@code
   * fieldValidation=Strict}), answer a Kubernetes Status with the same code, naming the same field
   * among its causes; but an unknown field is a strict decoding error there, which Kubernetes
   * answers with 400. Paths with no counterpart on the group (tokens, the audit log) are left out.
   */
  @ParameterizedTest
  @MethodSource("badRequestsOnTheGroupPaths")
  void answersAStatusNamingTheFieldOnTheGroupPaths(
      String method, String path, String contentType, String body, int status, String field) {
    String strict = path + (path.contains("?") ? "&" : "?") + "fieldValidation=Strict";

    Response response = api.send(method, strict, contentType, body, "application/json");

    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/json");
    assertThat(response.at("/kind")).isEqualTo("Status");
    assertThat(response.json().path("code").asInt()).isEqualTo(status);
    assertThat(response.at("/reason")).isNotBlank();
    assertThat(response.at("/message")).isNotBlank();
    if (field != null) {
      List<String> causes = new ArrayList<>();
      response
          .json()
          .path("details")
          .path("causes")
          .forEach(c -> causes.add(c.path("field").asString()));
      assertThat(causes).as(response.body()).contains(field);
    }
  }

  static Stream<Arguments> badRequestsOnTheGroupPaths() {
    return badRequests()
        .map(ArgumentSet.class::cast)
        .filter(set -> onTheGroupPaths((String) set.get()[1]) != null)
        .map(
            set -> {
              Object[] arguments = set.get().clone();
              arguments[1] = onTheGroupPaths((String) arguments[1]);
              if (set.getName().startsWith("unknown") && set.getName().endsWith("field")) {
                arguments[4] = 400;
              }
              return argumentSet(set.getName(), arguments);
            });
  }

  private static String onTheGroupPaths(String path) {
    String group = "/apis/ubernetes.io/v1";
    if (path.startsWith("/api/v1/clusters")) {
      return group + "/memberclusters" + path.substring("/api/v1/clusters".length());
    }
    if (path.startsWith("/api/v1/placementpolicies")
        || path.startsWith("/api/v1/rolloutstrategies")) {
      return group + path.substring("/api/v1".length());
    }
    if (path.startsWith("/api/v1/namespaces/")) {
      return group
          + path.substring("/api/v1".length())
              .replaceFirst("^(/namespaces/[^/]+)/workloads", "$1/federatedworkloads")
              .replaceFirst("^(/namespaces/[^/]+)/services", "$1/federatedservices");
    }
    if (path.equals("/api/v1/widgets")) {
      return group + "/widgets";
    }
    return null;
  }

  // spotless:off
  static Stream<Arguments> malformedDocuments() {
    return Stream.of(
        argumentSet("JSON without a colon", JSON, "{\"metadata\": {\"name\": \"never-created\"},\n \"spec\": {\"region\": \"eu\",\n   \"zone\" \"x\"}}", "JSON", "line 3, column 11"),
        argumentSet("JSON cut short", JSON, "{\"metadata\": {\"name\": ", "JSON", "line 1, column 23"),
        argumentSet("YAML indented wrongly", YAML, "metadata:\n  name: never-created\nspec:\n    region: eu\n  zone: x\n", "YAML", "line 5, column 3"),
        argumentSet("YAML indented with a tab", YAML, "metadata:\n\tname: never-created\n", "YAML", "line 2, column 1"),
        argumentSet("YAML with an open quote", YAML, "metadata:\n  name: 'never-created\nspec: {}\n", "YAML", "line 4, column 1"));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("malformedDocuments")
  void namesTheLineAndColumnWhereAMalformedDocumentBreaks(
      String contentType, String body, String format, String where) {
    Response response = api.send("POST", CLUSTERS, contentType, body, "application/json");

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.at("/detail")).contains("malformed " + format).contains(where);
  }

  @Test
  void reportsEveryBrokenRuleAtOnce() {
    Response response =
        api.post(
            CLUSTERS,
            """
            {"metadata": {"name": "Never_Created", "labels": {"ok": "no way"}},
             "spec": {"region": "eu west", "cost": {"cpuCoreHour": -1}}}
            """);

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.errorFields())
        .containsExactlyInAnyOrder(
            "metadata.name", "metadata.labels[ok]", "spec.region", "spec.cost.cpuCoreHour");
  }

  @Test
  void reportsEveryUnknownAndMistypedFieldWithTheBrokenRulesInOneAnswer() {
    Response response =
        api.post(
            CLUSTERS,
            """
            {"metadata": {"name": "Never_Created", "labelz": {"a": "b"}},
             "spec": {"region": "eu west", "zonee": "eu-west-1a", "unschedulable": "yes",
                      "cost": {"cpuCoreHour": -1, "cpu": 1},
                      "taints": [{"key": "gpu", "effect": "Never", "colour": "red"}]},
             "extra": 1}
            """);

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.errorFields())
        .containsExactlyInAnyOrder(
            "metadata.name",
            "metadata.labelz",
            "spec.region",
            "spec.zonee",
            "spec.unschedulable",
            "spec.cost.cpuCoreHour",
            "spec.cost.cpu",
            "spec.taints[0].effect",
            "spec.taints[0].colour",
            "extra");
    assertThat(response.at("/detail")).contains("unknown field \"zonee\"");
  }

  @Test
  void reportsEveryProblemOfADeepYamlDocumentAndOfAPatchedOne() {
    String yaml =
        """
        metadata:
          name: never-created
        spec:
          replicas: many
          template: %s
          rollout: {maxSurgeCount: 1}
          placement:
            mode: Spread
            preferences:
              - {weight: 0, selector: {}, colour: red}
        """
            .formatted(deployment("nginx").replace("\n", " "));

    Response created = api.send("POST", WORKLOADS, YAML, yaml, JSON);
    Response patched =
        api.mergePatch(
            EXISTING,
            "{\"spec\": {\"regoin\": \"eu\", \"unschedulable\": 3, \"cost\": {\"cpuCoreHour\": -1}}}");

    assertThat(created.status()).as(created.body()).isEqualTo(422);
    assertThat(created.errorFields())
        .containsExactlyInAnyOrder(
            "spec.replicas",
            "spec.rollout.maxSurgeCount",
            "spec.placement.mode",
            "spec.placement.preferences[0].weight",
            "spec.placement.preferences[0].colour");
    assertThat(patched.status()).as(patched.body()).isEqualTo(422);
    assertThat(patched.errorFields())
        .containsExactlyInAnyOrder("spec.regoin", "spec.unschedulable", "spec.cost.cpuCoreHour");
  }

  @Test
  void refusesBodiesOverOneMebibyteWhetherDeclaredOrStreamed() {
    String padding = "x".repeat(1024 * 1024);
    String oversized =
        "{\"metadata\": {\"name\": \"never-created\", \"annotations\": {\"pad\": \"%s\"}}, \"spec\": {}}"
            .formatted(padding);

    Response declared = api.post(CLUSTERS, oversized);
    Response streamed = api.sendStreamed("POST", CLUSTERS, JSON, oversized);

    assertThat(declared.status()).as(declared.body()).isEqualTo(413);
    assertThat(declared.contentType()).startsWith("application/problem+json");
    assertThat(streamed.status()).as(streamed.body()).isEqualTo(413);
    assertThat(streamed.contentType()).startsWith("application/problem+json");
  }

  @Test
  void refusesUnacceptableResponseTypes() {
    Response response = api.get(EXISTING, "text/html");

    assertThat(response.status()).isEqualTo(406);
  }

  @AfterEach
  void nothingWasWritten() {
    assertThat(api.get(CLUSTERS + "/never-created").status()).isEqualTo(404);
    assertThat(api.get(WORKLOADS + "/never-created").status()).isEqualTo(404);
    assertThat(api.get(POLICIES + "/never-created").status()).isEqualTo(404);
    assertThat(api.get(EXISTING).at("/spec/region")).isEqualTo("eu-central");
  }

  /**
   * A continue token as the server would issue it for a list of clusters, resuming after the given
   * key: its query fingerprint is computable by anyone, so the key inside must be checked too.
   */
  private static String forgedClusterContinueToken(String namespace, String name) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update("MemberCluster\nnull\nnull".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String token = "2\n" + crc.getValue() + "\n" + namespace + "\n" + name + "\n";
    return java.util.Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static String clusterWith(String spec) {
    return "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": " + spec + "}";
  }

  private static String policyWith(String spec) {
    return "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": " + spec + "}";
  }

  private static String workloadWith(String specFields) {
    String fields = specFields.isEmpty() ? "" : ", " + specFields;
    return "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {\"template\": "
        + deployment("nginx")
        + fields
        + "}}";
  }

  private static String workloadWithTemplate(String template) {
    return "{\"metadata\": {\"name\": \"never-created\"}, \"spec\": {\"template\": "
        + template
        + "}}";
  }
}
