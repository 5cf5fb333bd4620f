package io.ubernetes.federation.agents;

import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.ServicePort;
import io.ubernetes.federation.service.ServiceType;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The native v1 Service of a FederatedService, in front of a rendered workload template. */
final class ServiceManifests {
  private ServiceManifests() {}

  /** The Service {@code name} for {@code spec}, selecting {@code selector}, without metadata. */
  static ObjectNode render(String name, FederatedServiceSpec spec, Map<String, String> selector) {
    ObjectNode service = JsonNodeFactory.instance.objectNode();
    service.put("apiVersion", "v1");
    service.put("kind", "Service");
    service.putObject("metadata").put("name", name);
    ObjectNode body = service.putObject("spec");
    body.put("type", spec.type() == ServiceType.LOAD_BALANCER ? "LoadBalancer" : "ClusterIP");
    if (spec.type() == ServiceType.HEADLESS) {
      body.put("clusterIP", "None");
    }
    ObjectNode labels = body.putObject("selector");
    selector.forEach(labels::put);
    ArrayNode ports = body.putArray("ports");
    for (ServicePort port : spec.ports()) {
      ObjectNode entry = ports.addObject();
      if (port.name() != null) {
        entry.put("name", port.name());
      }
      entry.put("port", port.port());
      if (port.targetPort().isNumber()) {
        entry.put("targetPort", port.targetPort().number());
      } else {
        entry.put("targetPort", port.targetPort().text());
      }
      entry.put("protocol", port.protocol());
    }
    return service;
  }

  /**
   * The pods a workload's Service selects: the template's {@code spec.selector.matchLabels} when it
   * has any, else its pod template's labels as the workload wrote them, else the label every object
   * of the workload carries.
   *
   * @param main the rendered template, its pods labelled by {@link WorkRenderer}
   * @param workloadLabel the value of {@code ubernetes.io/workload}
   */
  static Map<String, String> selector(ObjectNode main, String workloadLabel) {
    Map<String, String> matchLabels =
        strings(main.path("spec").path("selector").path("matchLabels"));
    if (!matchLabels.isEmpty()) {
      return matchLabels;
    }
    Map<String, String> podLabels =
        strings(main.path("spec").path("template").path("metadata").path("labels"));
    // The federation's own labels on the pods are not the workload's to select by.
    podLabels.remove(WorkRenderer.MANAGED_BY);
    podLabels.remove(WorkRenderer.WORKLOAD);
    if (!podLabels.isEmpty()) {
      return podLabels;
    }
    return Map.of(WorkRenderer.WORKLOAD, workloadLabel);
  }

  /** Whether {@code manifest} is the Service of a FederatedService. */
  static boolean isFederatedService(JsonNode manifest) {
    return manifest.path("metadata").path("annotations").has(FederatedService.ANNOTATION);
  }

  /**
   * Whether {@code manifest} is a v1 Service of one of these names, which FederatedServices take.
   */
  static boolean replacedBy(JsonNode manifest, Set<String> services) {
    return "v1".equals(manifest.path("apiVersion").asString(""))
        && "Service".equals(manifest.path("kind").asString(""))
        && services.contains(manifest.path("metadata").path("name").asString(""));
  }

  private static Map<String, String> strings(JsonNode labels) {
    Map<String, String> strings = new TreeMap<>();
    if (labels instanceof ObjectNode object) {
      object.properties().forEach(e -> strings.put(e.getKey(), e.getValue().asString()));
    }
    return strings;
  }
}
