package io.ubernetes.federation.security;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static io.ubernetes.federation.testing.Manifests.clusterOverridePolicy;
import static io.ubernetes.federation.testing.Manifests.clusterSet;
import static io.ubernetes.federation.testing.Manifests.clusterSetBinding;
import static io.ubernetes.federation.testing.Manifests.clusterWorkload;
import static io.ubernetes.federation.testing.Manifests.federatedObject;
import static io.ubernetes.federation.testing.Manifests.healthRule;
import static io.ubernetes.federation.testing.Manifests.overridePolicy;
import static io.ubernetes.federation.testing.Manifests.policy;
import static io.ubernetes.federation.testing.Manifests.resourceQuota;
import static io.ubernetes.federation.testing.Manifests.rolloutStrategy;
import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.web.ApiPaths;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every endpoint, called by every kind of caller, answers the status the access rules promise: no
 * token, each role, an expired token, an operator confined to another namespace, and a member
 * agent's cluster credential. 401 and 403 come as problem+json.
 */
class AuthorizationMatrixIT extends ApiIntegrationTest {
  /** The callers, in the order of each row's expected statuses. */
  enum Who {
    NONE,
    VIEWER,
    OPERATOR,
    ADMIN,
    EXPIRED,
    OTHER_NAMESPACE,
    AGENT
  }

  private static final String NS = "matrix";
  private static final String OTHER_NS = "matrix-other";
  private static Map<Who, String> tokens;
  private static String agentCluster;

  @Autowired private DataSource dataSource;

  /** One call and the status each caller gets, e.g. {@code "401 200 200 200 401 403 403"}. */
  record Row(String method, String path, String body, String expected) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static Stream<Row> endpoints() {
    String ws = "/api/v1/namespaces/" + NS + "/workloads";
    String fos = "/api/v1/namespaces/" + NS + "/federatedobjects";
    String ss = "/api/v1/namespaces/" + NS + "/services";
    String ops = "/api/v1/namespaces/" + NS + "/overridepolicies";
    String csbs = "/api/v1/namespaces/" + NS + "/clustersetbindings";
    String frqs = "/api/v1/namespaces/" + NS + "/federatedresourcequotas";
    // The other namespace's operator writes its override policies, not its quotas.
    String otherOps = "/api/v1/namespaces/" + OTHER_NS + "/overridepolicies";
    String otherFrqs = "/api/v1/namespaces/" + OTHER_NS + "/federatedresourcequotas";
    String agent = "/api/v1/agent/clusters/{agent}";
    String simulate =
        "{\"workload\": {\"spec\": {\"replicas\": -1, \"template\": {}}}, \"failedClusters\": []}";
    //                                                  NONE VIEW OPER ADMN EXPD OTHR AGNT
    return Stream.of(
        new Row("GET", "/actuator/health/liveness", null, "200 200 200 200 401 200 200"),
        new Row("GET", "/actuator/prometheus", null, "401 200 200 200 401 200 403"),
        new Row("GET", "/v3/api-docs", null, "200 200 200 200 401 200 200"),
        new Row("GET", "/api/v1/clusters", null, "401 200 200 200 401 200 403"),
        new Row("GET", "/api/v1/clusters/{agent}", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/clusters", "cluster", "401 403 403 201 401 403 403"),
        new Row("PATCH", "/api/v1/clusters/missing", "{}", "401 403 403 404 401 403 403"),
        new Row("DELETE", "/api/v1/clusters/missing", null, "401 403 403 404 401 403 403"),
        new Row("POST", "/api/v1/clusters/missing:approve", "", "401 403 403 404 401 403 403"),
        new Row("POST", "/api/v1/clusters/missing:deny", "", "401 403 403 404 401 403 403"),
        new Row(
            "POST",
            "/api/v1/clusters/missing:rotate-credential",
            "",
            "401 403 403 404 401 403 403"),
        new Row("GET", "/api/v1/placementpolicies", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/placementpolicies", "policy", "401 403 201 201 401 403 403"),
        new Row("DELETE", "/api/v1/placementpolicies/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", "/api/v1/rolloutstrategies", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/rolloutstrategies", "strategy", "401 403 201 201 401 403 403"),
        new Row("PATCH", "/api/v1/rolloutstrategies/missing", "{}", "401 403 404 404 401 403 403"),
        new Row("DELETE", "/api/v1/rolloutstrategies/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", "/api/v1/clusteroverridepolicies", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/clusteroverridepolicies", "cop", "401 403 201 201 401 403 403"),
        new Row("GET", "/api/v1/healthrules", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/healthrules", "hr", "401 403 201 201 401 403 403"),
        new Row("DELETE", "/api/v1/healthrules/missing", null, "401 403 404 404 401 403 403"),
        new Row(
            "DELETE",
            "/api/v1/clusteroverridepolicies/missing",
            null,
            "401 403 404 404 401 403 403"),
        new Row("GET", "/api/v1/clustersets", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/clustersets", "cset", "401 403 403 201 401 403 403"),
        new Row("PATCH", "/api/v1/clustersets/missing", "{}", "401 403 403 404 401 403 403"),
        new Row("DELETE", "/api/v1/clustersets/missing", null, "401 403 403 404 401 403 403"),
        // Binding a set needs a grant of it (ClusterSetIT covers operators granted sets).
        new Row("GET", csbs, null, "401 200 200 200 401 403 403"),
        new Row("POST", csbs, "csb", "401 403 403 201 401 403 403"),
        new Row("DELETE", csbs + "/missing", null, "401 403 403 404 401 403 403"),
        new Row("GET", ops, null, "401 200 200 200 401 403 403"),
        new Row("POST", ops, "op", "401 403 201 201 401 403 403"),
        new Row("DELETE", ops + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("POST", otherOps, "op", "401 403 201 201 401 201 403"),
        new Row("GET", frqs, null, "401 200 200 200 401 403 403"),
        new Row("POST", frqs, "frq", "401 403 201 201 401 403 403"),
        new Row("PATCH", frqs + "/missing", "{}", "401 403 404 404 401 403 403"),
        new Row("DELETE", frqs + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", otherFrqs, null, "401 200 200 200 401 200 403"),
        new Row("POST", otherFrqs, "frq", "401 403 201 201 401 403 403"),
        new Row("DELETE", otherFrqs + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", ws + "/missing/render?cluster=x", null, "401 404 404 404 401 403 403"),
        new Row("GET", "/api/v1/clusterworkloads", null, "401 200 200 200 401 200 403"),
        new Row(
            "POST", "/api/v1/clusterworkloads", "clusterWorkload", "401 403 201 201 401 403 403"),
        new Row("DELETE", "/api/v1/clusterworkloads/missing", null, "401 403 404 404 401 403 403"),
        new Row(
            "GET",
            "/api/v1/clusterworkloads/missing/render?cluster=x",
            null,
            "401 404 404 404 401 404 403"),
        new Row(
            "POST",
            "/api/v1/clusterworkloads/missing/rollout:pause",
            "",
            "401 403 404 404 401 403 403"),
        new Row(
            "POST",
            "/api/v1/clusterworkloads/missing/rollout:rollback?to=1",
            "",
            "401 403 404 404 401 403 403"),
        new Row("GET", ws, null, "401 200 200 200 401 403 403"),
        // Events: read as the namespace is read; written by nobody (405), refused before that.
        new Row("GET", "/api/v1/namespaces/" + NS + "/events", null, "401 200 200 200 401 403 403"),
        new Row("GET", "/api/v1/events", null, "401 200 200 200 401 200 403"),
        new Row(
            "POST", "/api/v1/namespaces/" + NS + "/events", "{}", "401 403 405 405 401 403 403"),
        new Row("GET", ws + "/missing", null, "401 404 404 404 401 403 403"),
        new Row("POST", ws, "workload", "401 403 201 201 401 403 403"),
        new Row("PATCH", ws + "/missing", "{}", "401 403 404 404 401 403 403"),
        new Row("DELETE", ws + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", ws + "/missing/placement", null, "401 404 404 404 401 403 403"),
        new Row("GET", ws + "/missing/revisions", null, "401 404 404 404 401 403 403"),
        new Row("GET", ss, null, "401 200 200 200 401 403 403"),
        new Row("DELETE", ss + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", fos, null, "401 200 200 200 401 403 403"),
        new Row("POST", fos, "object", "401 403 201 201 401 403 403"),
        new Row("DELETE", fos + "/missing", null, "401 403 404 404 401 403 403"),
        new Row("GET", "/api/v1/workloads", null, "401 200 200 200 401 200 403"),
        new Row("POST", "/api/v1/placement:simulate", simulate, "401 422 422 422 401 422 403"),
        new Row("GET", "/api/v1/dns/zone", null, "401 200 200 200 401 200 403"),
        new Row("GET", "/api/v1/dns/endpoints", null, "401 200 200 200 401 200 403"),
        new Row("GET", "/api/v1/dns/records?timeoutSeconds=0", null, "401 200 200 200 401 200 403"),
        new Row("GET", "/api/v1/tokens", null, "401 403 403 200 401 403 403"),
        new Row("POST", "/api/v1/tokens", "token", "401 403 403 201 401 403 403"),
        new Row("DELETE", "/api/v1/tokens/missing", null, "401 403 403 404 401 403 403"),
        new Row("GET", "/api/v1/jointokens", null, "401 403 403 200 401 403 403"),
        new Row("POST", "/api/v1/jointokens", "{\"ttl\": \"1h\"}", "401 403 403 201 401 403 403"),
        new Row("DELETE", "/api/v1/jointokens/missing", null, "401 403 403 404 401 403 403"),
        new Row("GET", "/api/v1/audit", null, "401 403 403 200 401 403 403"),
        new Row("PUT", agent + "/heartbeat", "heartbeat", "401 403 403 403 401 403 204"),
        new Row("PUT", agent + "/status", "{\"workloads\": []}", "401 403 403 403 401 403 204"),
        new Row(
            "PUT",
            "/api/v1/agent/clusters/another/heartbeat",
            "heartbeat",
            "401 403 403 403 401 403 403"));
  }

  @BeforeEach
  void callers() {
    if (tokens != null) {
      return;
    }
    Map<Who, String> issued = new LinkedHashMap<>();
    issued.put(Who.VIEWER, issue("viewer", List.of()));
    issued.put(Who.OPERATOR, issue("operator", List.of()));
    issued.put(Who.ADMIN, ApiClient.ADMIN_TOKEN);
    issued.put(Who.OTHER_NAMESPACE, issue("operator", List.of(OTHER_NS)));
    issued.put(Who.EXPIRED, expiredToken());
    agentCluster = unique("matrix-agent");
    Response joined =
        api.withToken(null)
            .post(
                "/api/v1/agent/join",
                "{\"cluster\": \"%s\", \"joinToken\": \"test-join-token\", \"requestId\": \"r\"}"
                    .formatted(agentCluster));
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    issued.put(Who.AGENT, joined.at("/credential"));
    tokens = issued;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void answersEachCallerAsTheRulesSay(Row row) {
    String[] expected = row.expected().split(" ");
    List<String> mismatches = new ArrayList<>();
    for (Who who : Who.values()) {
      Response response =
          api.withToken(tokens.get(who))
              .send(
                  row.method(),
                  row.path().replace("{agent}", agentCluster),
                  contentType(row),
                  body(row.body()),
                  "*/*");
      int want = Integer.parseInt(expected[who.ordinal()]);
      if (response.status() != want) {
        mismatches.add(who + ": " + response.status() + " (want " + want + ") " + response.body());
      } else if ((want == 401 || want == 403) && ApiPaths.kubernetes(row.path())) {
        // Kubernetes' own paths (the core group's events among them) answer a Status.
        assertThat(response.contentType()).as(who.name()).startsWith("application/json");
        assertThat(response.at("/kind")).isEqualTo("Status");
        assertThat(response.at("/code")).isEqualTo(Integer.toString(want));
      } else if (want == 401 || want == 403) {
        assertThat(response.contentType()).as(who.name()).startsWith("application/problem+json");
        assertThat(response.at("/status")).isEqualTo(Integer.toString(want));
        assertThat(response.at("/detail")).isNotBlank();
        if (want == 401) {
          assertThat(response.header("WWW-Authenticate")).as(who.name()).startsWith("Bearer");
        }
      }
    }
    assertThat(mismatches).isEmpty();
  }

  private static String contentType(Row row) {
    if (row.body() == null) {
      return null;
    }
    return row.method().equals("PATCH") ? "application/merge-patch+json" : "application/json";
  }

  private static String body(String body) {
    if (body == null) {
      return null;
    }
    return switch (body) {
      case "cluster" -> cluster(unique("mx-cluster"), "eu-central", "onprem");
      case "policy" -> policy(unique("mx-policy"));
      case "strategy" -> rolloutStrategy(unique("mx-strategy"));
      case "op" -> overridePolicy(unique("mx-op"));
      case "cop" -> clusterOverridePolicy(unique("mx-cop"));
      case "hr" -> healthRule(unique("mx-hr"));
      case "cset" -> clusterSet(unique("mx-cset"), "eu-central");
      case "csb" -> clusterSetBinding(unique("mx-csb"));
      case "frq" -> resourceQuota(unique("mx-frq"));
      case "workload" -> workload(unique("mx-web"));
      case "object" -> federatedObject(unique("mx-config"));
      case "clusterWorkload" -> clusterWorkload(unique("mx-tools"));
      case "token" ->
          "{\"name\": \"" + unique("mx") + "\", \"role\": \"viewer\", \"expiresIn\": \"1h\"}";
      case "heartbeat" ->
          """
          {"allocatable": {"cpu": "8", "memory": "32Gi", "pods": "110"},
           "allocated": {"cpu": "1", "memory": "1Gi", "pods": "1"},
           "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true}
          """;
      default -> body;
    };
  }

  private String issue(String role, List<String> namespaces) {
    return api.issueToken(unique("matrix-" + role), role, namespaces);
  }

  /** A token that expired an hour ago (written directly: the API refuses to issue one). */
  private String expiredToken() {
    String id = "expired" + unique("t").replace("-", "");
    String secret = TokenSecrets.newSecret();
    String salt = TokenSecrets.newSalt();
    JdbcClient.create(dataSource)
        .sql(
            "insert into api_tokens (id, name, role, salt, hash, created_at, created_by,"
                + " expires_at) values (?, ?, 'admin', ?, ?, ?, 'test', ?)")
        .params(
            id,
            id,
            salt,
            TokenSecrets.hash(salt, secret),
            Timestamp.from(Instant.now().minusSeconds(7200)),
            Timestamp.from(Instant.now().minusSeconds(3600)))
        .update();
    return TokenSecrets.token(id, secret);
  }
}
