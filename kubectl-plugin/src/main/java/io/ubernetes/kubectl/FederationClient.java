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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the federation's Kubernetes-style API ({@code /apis/ubernetes.io/v1/...}) with the
 * kubeconfig context's server, certificate authority and credentials, through Fabric8's HTTP client
 * (which also refreshes tokens the way kubectl does).
 */
final class FederationClient implements AutoCloseable {
  static final String API = "apis/ubernetes.io/v1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final Config config;
  private final String namespace;

  FederationClient(Config config) {
    this.client = new KubernetesClientBuilder().withConfig(config).build();
    this.config = config;
    this.namespace = config.getNamespace() == null ? "default" : config.getNamespace();
  }

  /** The kubeconfig context's server and credentials. */
  Config config() {
    return config;
  }

  /** The namespace of the kubeconfig's context, or {@code default}. */
  String namespace() {
    return namespace;
  }

  /** A FederatedWorkload, or with a null namespace a ClusterFederatedWorkload. */
  JsonNode workload(String namespace, String name) {
    return get(workloadPath(namespace, name), "workload " + qualified(namespace, name));
  }

  /** The stored placement decision and its explanation. */
  JsonNode placement(String namespace, String name) {
    return get(
        workloadPath(namespace, name) + "/placement",
        "placement of workload " + qualified(namespace, name));
  }

  /** The FederatedWorkloads of every namespace the caller may read. */
  JsonNode workloads() {
    return get(API + "federatedworkloads", "workloads");
  }

  JsonNode clusterWorkloads() {
    return get(API + "clusterfederatedworkloads", "cluster-scoped workloads");
  }

  JsonNode services() {
    return get(API + "federatedservices", "federated services");
  }

  /**
   * A GET of {@code path} (relative to the server's URL) with the context's credentials, whatever
   * its status, with the server's {@code Date} header.
   *
   * @throws FederationException when the server does not answer
   */
  Answer exchange(String path) {
    return request("GET", path, null, null);
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
    Answer answer = request(method, path, contentType, body);
    if (answer.code() == 404) {
      throw new NotFoundException(what + " not found" + detail(answer.body(), ": "));
    }
    if (answer.code() >= 300) {
      throw new FederationException(
          "the federation refused to " + verb(method) + " the " + what + ": " + refusal(answer));
    }
    try {
      return answer.body() == null || answer.body().isBlank()
          ? JSON.createObjectNode()
          : JSON.readTree(answer.body());
    } catch (JsonProcessingException e) {
      throw new FederationException(
          "the federation answered about the " + what + " with no JSON", e);
    }
  }

  private Answer request(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = client.getHttpClient().newHttpRequestBuilder().uri(base() + path);
    request.header("Accept", "application/json");
    if (!"GET".equals(method)) {
      request.method(
          method, contentType == null ? "application/json" : contentType, body == null ? "" : body);
    }
    try {
      HttpResponse<String> response =
          client.getHttpClient().sendAsync(request.build(), String.class).get(30, TimeUnit.SECONDS);
      return new Answer(response.code(), response.body(), response.header("Date"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FederationException("interrupted while asking " + base() + path, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new FederationException("no answer from " + base() + " (" + rootCause(e) + ")", e);
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
      JsonNode problem = JSON.readTree(body == null ? "" : body);
      String detail =
          problem.hasNonNull("detail")
              ? problem.path("detail").asText()
              : problem.path("message").asText(null);
      return detail == null || detail.isBlank() ? "" : prefix + detail;
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return "";
    }
  }

  /** The server's URL, as the kubeconfig names it. */
  String server() {
    return client.getMasterUrl().toString();
  }

  private static String workloadPath(String namespace, String name) {
    return namespace == null
        ? API + "clusterfederatedworkloads/" + segment(name)
        : namespaced(namespace, "federatedworkloads/" + segment(name));
  }

  private static String qualified(String namespace, String name) {
    return namespace == null ? name : namespace + "/" + name;
  }

  /**
   * The events of a workload, as {@code kubectl describe} reads them: the core group's events of
   * its namespace, selected by the workload's kind and name.
   */
  /**
   * The events of a FederatedWorkload, or with a null namespace of a ClusterFederatedWorkload
   * (filed in {@code default}, as Kubernetes files a cluster-scoped object's).
   */
  JsonNode events(String namespace, String name) {
    String selector =
        namespace == null
            ? "involvedObject.kind=ClusterFederatedWorkload,involvedObject.name=" + name
            : "involvedObject.kind=FederatedWorkload,involvedObject.name="
                + name
                + ",involvedObject.namespace="
                + namespace;
    return get(
        "api/v1/namespaces/"
            + segment(namespace == null ? "default" : namespace)
            + "/events?fieldSelector="
            + segment(selector),
        "events of workload " + qualified(namespace, name));
  }

  JsonNode memberClusters() {
    return get(API + "memberclusters", "member clusters");
  }

  JsonNode quotas(String namespace) {
    return get(namespaced(namespace, "federatedresourcequotas"), "quotas of " + namespace);
  }

  /** The namespace's FederatedServices, whose status lists the DNS names the federation serves. */
  JsonNode services(String namespace) {
    return get(namespaced(namespace, "federatedservices"), "federated services of " + namespace);
  }

  private static String namespaced(String namespace, String rest) {
    return API + "namespaces/" + segment(namespace) + "/" + rest;
  }

  /** A path segment, escaped. */
  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
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
    return "no answer from " + client.getMasterUrl() + " (" + rootCause(e) + ")";
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /**
   * An answer of the server.
   *
   * @param date its {@code Date} header (RFC 1123), null when absent
   */
  record Answer(int code, String body, String date) {
    JsonNode json() {
      try {
        return JSON.readTree(body == null ? "" : body);
      } catch (JsonProcessingException e) {
        return JSON.missingNode();
      }
    }
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
