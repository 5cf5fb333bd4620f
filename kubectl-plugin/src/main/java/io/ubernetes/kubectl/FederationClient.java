package io.ubernetes.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

  /**
   * The events of a workload, as {@code kubectl describe} reads them: the core group's events of
   * its namespace, selected by the workload's kind and name.
   */
  JsonNode events(String namespace, String name) {
    String selector =
        "involvedObject.kind=FederatedWorkload,involvedObject.name="
            + name
            + ",involvedObject.namespace="
            + namespace;
    return get(
        "api/v1/namespaces/" + segment(namespace) + "/events?fieldSelector=" + segment(selector),
        "events of workload " + namespace + "/" + name);
  }

  JsonNode memberClusters() {
    return get(API + "memberclusters", "member clusters");
  }

  JsonNode quotas(String namespace) {
    return get(namespaced(namespace, "federatedresourcequotas"), "quotas of " + namespace);
  }

  private static String namespaced(String namespace, String rest) {
    return API + "namespaces/" + segment(namespace) + "/" + rest;
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode get(String path, String what) {
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
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return "no answer from " + client.getMasterUrl() + " (" + cause + ")";
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
