package io.ubernetes.helm;

import io.kubernetes.client.openapi.models.V1LabelSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Prometheus Operator ServiceMonitor, which the Kubernetes model does not include: the fields the
 * chart may write are checked against the operator's {@code monitoring.coreos.com/v1} API, the
 * nested Kubernetes types with the Kubernetes model.
 */
record ServiceMonitor(V1ObjectMeta metadata, V1LabelSelector selector, List<Endpoint> endpoints) {
  static final String TYPE = "monitoring.coreos.com/v1/ServiceMonitor";
  static final String TYPE_KIND = "ServiceMonitor";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> SPEC = Set.of("selector", "namespaceSelector", "endpoints");
  private static final Set<String> NAMESPACE_SELECTOR = Set.of("any", "matchNames");
  private static final Set<String> ENDPOINT =
      Set.of("port", "path", "scheme", "interval", "scrapeTimeout", "tlsConfig");
  private static final Set<String> TLS_CONFIG =
      Set.of("ca", "cert", "keySecret", "serverName", "insecureSkipVerify");

  /** One scrape endpoint. */
  record Endpoint(String port, String path, String scheme, String interval) {}

  static ServiceMonitor parse(Map<?, ?> object) {
    known("ServiceMonitor", object, TOP);
    Map<?, ?> spec = map(object.get("spec"), "spec");
    known("spec", spec, SPEC);
    if (spec.get("namespaceSelector") != null) {
      known("spec.namespaceSelector", map(spec.get("namespaceSelector"), "ns"), NAMESPACE_SELECTOR);
    }
    List<?> endpoints = (List<?>) spec.get("endpoints");
    if (endpoints == null || endpoints.isEmpty()) {
      throw new AssertionError("ServiceMonitor has no endpoints");
    }
    List<Endpoint> parsed =
        endpoints.stream()
            .map(
                item -> {
                  Map<?, ?> endpoint = map(item, "spec.endpoints[]");
                  known("spec.endpoints[]", endpoint, ENDPOINT);
                  if (endpoint.get("tlsConfig") != null) {
                    known("tlsConfig", map(endpoint.get("tlsConfig"), "tlsConfig"), TLS_CONFIG);
                  }
                  String scheme = (String) endpoint.get("scheme");
                  if (scheme != null && !scheme.equals("http") && !scheme.equals("https")) {
                    throw new AssertionError("ServiceMonitor scheme must be http or https");
                  }
                  return new Endpoint(
                      (String) endpoint.get("port"),
                      (String) endpoint.get("path"),
                      scheme,
                      (String) endpoint.get("interval"));
                })
            .toList();
    try {
      return new ServiceMonitor(
          V1ObjectMeta.fromJson(Rendered.json(object.get("metadata"))),
          V1LabelSelector.fromJson(Rendered.json(spec.get("selector"))),
          parsed);
    } catch (IOException | IllegalArgumentException e) {
      throw new AssertionError("ServiceMonitor is not valid: " + e.getMessage(), e);
    }
  }

  private static Map<?, ?> map(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return map;
    }
    throw new AssertionError("ServiceMonitor " + path + " is not an object: " + value);
  }

  private static void known(String path, Map<?, ?> object, Set<String> fields) {
    for (Object key : object.keySet()) {
      if (!fields.contains(key)) {
        throw new AssertionError("ServiceMonitor " + path + " has an unknown field " + key);
      }
    }
  }
}
