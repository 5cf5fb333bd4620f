package io.ubernetes.sandbox;

import io.ubernetes.agent.federation.FederationTrust;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the sandbox asks of the federation with its admin token, as an operator of its simulated
 * clusters would: register them, read them, and rotate a credential that no agent holds any more.
 */
final class FederationAdmin implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final URI federation;
  private final String adminToken;
  private final HttpClient http;

  FederationAdmin(URI federation, String adminToken, Path caFile) {
    this.federation = federation;
    this.adminToken = adminToken;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (caFile != null) {
      builder.sslContext(FederationTrust.sslContext(caFile));
    }
    this.http = builder.build();
  }

  URI url() {
    return federation;
  }

  /**
   * A registered cluster.
   *
   * @param cluster the MemberCluster as the federation returned it
   * @param created whether this call created it (the federation did not know it)
   */
  record Registration(JsonNode cluster, boolean created) {
    boolean joined() {
      return FederationAdmin.joined(cluster);
    }
  }

  /** An agent joined as this cluster and holds its credential. */
  static boolean joined(JsonNode cluster) {
    return cluster
        .at("/status/conditions")
        .valueStream()
        .anyMatch(
            c ->
                "Joined".equals(c.path("type").asString())
                    && "True".equals(c.path("status").asString()));
  }

  /**
   * Gives the federation the cluster's location, prices and labels: updates the cluster it knows by
   * that name, or registers it, so that its agent joins a cluster the federation knows. Labels are
   * added or changed, never removed: an operator's own labels on the cluster stay.
   */
  Registration register(ClusterDefinition definition) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("region", definition.region());
    spec.put("zone", definition.zone());
    spec.put("provider", definition.provider());
    spec.put("tier", definition.tier());
    if (definition.cpuCoreHour() != null) {
      spec.put(
          "cost",
          Map.of(
              "cpuCoreHour",
              definition.cpuCoreHour(),
              "memoryGiBHour",
              definition.memoryGiBHour() == null ? 0 : definition.memoryGiBHour()));
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    if (!definition.labels().isEmpty()) {
      metadata.put("labels", definition.labels());
    }
    String path = "/api/v1/clusters/" + definition.name();
    // Known clusters first: after the first start they all are, and a create of a name that
    // exists would only be refused.
    Answer patched =
        send(
            "PATCH",
            path,
            "application/merge-patch+json",
            JSON.writeValueAsString(Map.of("metadata", metadata, "spec", spec)));
    if (patched.status() == 200) {
      return new Registration(patched.json(), false);
    }
    if (patched.status() == 404) {
      Map<String, Object> named = new LinkedHashMap<>();
      named.put("name", definition.name());
      named.putAll(metadata);
      Answer created =
          send(
              "POST",
              "/api/v1/clusters",
              "application/json",
              JSON.writeValueAsString(Map.of("metadata", named, "spec", spec)));
      if (created.status() == 201) {
        return new Registration(created.json(), true);
      }
      patched = created;
    }
    throw refused(definition.name(), patched);
  }

  /** The MemberCluster of this name, if the federation knows one. */
  Optional<JsonNode> cluster(String name) {
    Answer answer = send("GET", "/api/v1/clusters/" + name, null, null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw refused(name, answer);
    }
    return Optional.of(answer.json());
  }

  /** Every MemberCluster. */
  JsonNode clusters() {
    Answer answer = send("GET", "/api/v1/clusters", null, null);
    if (answer.status() != 200) {
      throw new IllegalStateException(
          "the federation did not list its clusters (HTTP " + answer.status() + ")");
    }
    return answer.json().path("items");
  }

  /** Whether a workload or a service of this name exists in the namespace. */
  boolean exists(String kindPath, String namespace, String name) {
    int status =
        send("GET", "/api/v1/namespaces/" + namespace + "/" + kindPath + "/" + name, null, null)
            .status();
    return status != 404;
  }

  /** Revokes the cluster's credential, so that a new agent may join as it. */
  void rotateCredential(String name) {
    Answer answer = send("POST", "/api/v1/clusters/" + name + ":rotate-credential", null, "");
    if (answer.status() != 200) {
      throw refused(name, answer);
    }
  }

  private record Answer(int status, JsonNode json) {}

  private Answer send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(federation.resolve(path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json")
            .header("Authorization", "Bearer " + adminToken)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = response.body().isBlank() ? JSON.missingNode() : JSON.readTree(response.body());
      } catch (JacksonException e) {
        json = JSON.missingNode();
      }
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach the federation at " + federation + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static IllegalStateException refused(String cluster, Answer answer) {
    String detail = answer.json().path("detail").asString("");
    return new IllegalStateException(
        "the federation refused cluster "
            + cluster
            + " (HTTP "
            + answer.status()
            + (detail.isEmpty() ? "" : ": " + detail)
            + ")");
  }

  @Override
  public void close() {
    http.close();
  }
}
