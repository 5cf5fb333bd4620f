package io.ubernetes.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;

/**
 * Reads the federation's Kubernetes-style API ({@code /apis/ubernetes.io/v1/...}) with the
 * kubeconfig context's server, certificate authority and credentials, through Fabric8's HTTP client
 * (which also refreshes tokens the way kubectl does).
 */
final class FederationClient implements AutoCloseable {
  static final String API = "apis/ubernetes.io/v1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final String namespace;

  FederationClient(Config config) {
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.namespace = config.getNamespace() == null ? "default" : config.getNamespace();
  }

  /** The namespace of the kubeconfig's context, or {@code default}. */
  String namespace() {
    return namespace;
  }

  JsonNode workload(String namespace, String name) {
    return get(
        namespaced(namespace, "federatedworkloads/" + segment(name)),
        "workload " + namespace + "/" + name);
  }

  /** The stored placement decision and its explanation. */
  JsonNode placement(String namespace, String name) {
    return get(
        namespaced(namespace, "federatedworkloads/" + segment(name) + "/placement"),
        "placement of workload " + namespace + "/" + name);
  }

  JsonNode memberClusters() {
    return get(API + "memberclusters", "member clusters");
  }

  JsonNode quotas(String namespace) {
    return get(namespaced(namespace, "federatedresourcequotas"), "quotas of " + namespace);
  }

  /** The federation's server as the kubeconfig context names it, ending in one slash. */
  String server() {
    return base();
  }

  /** The kubeconfig context's client settings: its certificate authority, for one. */
  Config config() {
    return client.getConfiguration();
  }

  /**
   * Sends a request that writes (or asks a question with a body) and reads the answer's JSON.
   * Refusals come back in the federation's own words: a problem document's {@code detail}, a
   * Kubernetes Status's {@code message}.
   *
   * @param path relative to the server, e.g. {@code api/v1/clusters/fra:approve}
   * @param contentType of {@code body}; null when there is none
   * @param what the object, for messages ({@code cluster fra})
   */
  JsonNode send(String method, String path, String contentType, String body, String what) {
    Answer answer = exchange(method, path, contentType, body);
    if (answer.code() == 404) {
      throw new NotFoundException(what + " not found" + detail(answer.body(), ": "));
    }
    if (answer.code() >= 300) {
      throw new FederationException(
          "the federation refused to " + verb(method) + " the " + what + ": " + refusal(answer));
    }
    try {
      return answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new FederationException(
          "the federation answered about the " + what + " with no JSON", e);
    }
  }

  /** A GET whose answer may be anything, e.g. to find out what the server is. */
  Answer probe(String path) {
    return exchange("GET", path, null, null);
  }

  /** A status code and the body of an answer. */
  record Answer(int code, String body) {}

  private Answer exchange(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder().uri(base() + path);
    request.header("Accept", "application/json");
    if (!"GET".equals(method)) {
      request.method(
          method, contentType == null ? "application/json" : contentType, body == null ? "" : body);
    }
    try {
      HttpResponse<String> response =
          client.getHttpClient().sendAsync(request.build(), String.class).get();
      return new Answer(response.code(), response.body() == null ? "" : response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FederationException("interrupted while waiting for " + client.getMasterUrl(), e);
    } catch (ExecutionException e) {
      throw new FederationException(
          "no answer from " + client.getMasterUrl() + " (" + root(e) + ")", e);
    }
  }

  private static String verb(String method) {
    return switch (method) {
      case "GET" -> "read";
      case "PATCH" -> "change";
      case "DELETE" -> "delete";
      default -> "act on";
    };
  }

  /** Why the federation refused, in its own words where it gave them. */
  private static String refusal(Answer answer) {
    String reason =
        switch (answer.code()) {
          case 401 -> "unauthorized (the kubeconfig's credentials were refused)";
          case 403 -> "forbidden (the kubeconfig's user may not do this)";
          default -> "HTTP " + answer.code();
        };
    return reason + detail(answer.body(), ": ");
  }

  /** A problem document's {@code detail} or a Status's {@code message}, after {@code prefix}. */
  private static String detail(String body, String prefix) {
    try {
      JsonNode problem = JSON.readTree(body);
      String detail =
          problem.hasNonNull("detail")
              ? problem.path("detail").asText()
              : problem.path("message").asText(null);
      return detail == null || detail.isBlank() ? "" : prefix + detail;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return "";
    }
  }

  private static Throwable root(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A path segment, escaped. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String namespaced(String namespace, String rest) {
    return API + "namespaces/" + segment(namespace) + "/" + rest;
  }

  /** Reads the JSON at {@code path}; absent: {@link NotFoundException}. */
  JsonNode get(String path, String what) {
    String body;
    try {
      body = client.raw(base() + path);
    } catch (KubernetesClientException e) {
      throw new FederationException("cannot read the " + what + ": " + reason(e), e);
    }
    if (body == null) {
      throw new NotFoundException(what + " not found");
    }
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new FederationException("the federation answered the " + what + " with no JSON", e);
    }
  }

  /** The server's URL, ending in one slash (kubeconfigs write it with and without). */
  private String base() {
    String url = client.getMasterUrl().toString();
    return url.endsWith("/") ? url : url + "/";
  }

  private String reason(KubernetesClientException e) {
    if (e.getCode() == 401) {
      return "unauthorized (the kubeconfig's credentials were refused)";
    }
    if (e.getCode() == 403) {
      return "forbidden (the kubeconfig's user may not read it)";
    }
    if (e.getCode() > 0) {
      String message = e.getStatus() == null ? null : e.getStatus().getMessage();
      return "HTTP " + e.getCode() + (message == null ? "" : ": " + message);
    }
    return "no answer from " + client.getMasterUrl() + " (" + root(e) + ")";
  }

  @Override
  public void close() {
    client.close();
  }

  /** The federation could not be reached, or refused the request. */
  static class FederationException extends RuntimeException {
    FederationException(String message, Throwable cause) {
      super(message, cause);
    }

    FederationException(String message) {
      super(message);
    }
  }

  /** What was asked for does not exist. */
  static final class NotFoundException extends FederationException {
    NotFoundException(String message) {
      super(message);
    }
  }
}
