package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The EndpointSlice of a selector-based Service, as the EndpointSlice controller would write it:
 * one endpoint per live pod with an address whose labels match the selector, ready as the pod is,
 * with the Service's ports resolved against the pods' container ports.
 */
final class EndpointSlices {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
  static final String MANAGER = "endpointslice-controller.k8s.io";

  private EndpointSlices() {}

  static boolean selectorBased(Service service) {
    return service.getSpec() != null
        && service.getSpec().getSelector() != null
        && !service.getSpec().getSelector().isEmpty()
        && !"ExternalName".equals(service.getSpec().getType());
  }

  /** {@code namespace/service} of a slice this controller manages. */
  static Optional<String> serviceOf(EndpointSlice slice) {
    Map<String, String> labels = slice.getMetadata().getLabels();
    if (labels == null
        || !MANAGER.equals(labels.get(MANAGED_BY_LABEL))
        || labels.get(SERVICE_NAME_LABEL) == null) {
      return Optional.empty();
    }
    return Optional.of(slice.getMetadata().getNamespace() + "/" + labels.get(SERVICE_NAME_LABEL));
  }

  /** The slice for the Service, given the pods of its namespace. */
  static EndpointSlice of(Service service, List<Pod> namespacePods, String zone) {
    Map<String, String> selector = service.getSpec().getSelector();
    List<Pod> selected = new ArrayList<>();
    for (Pod pod : namespacePods) {
      Map<String, String> labels = pod.getMetadata().getLabels();
      if (Pods.active(pod)
          && pod.getStatus() != null
          && pod.getStatus().getPodIP() != null
          && labels != null
          && labels.entrySet().containsAll(selector.entrySet())) {
        selected.add(pod);
      }
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (Pod pod : selected) {
      boolean ready = Pods.ready(pod);
      endpoints.add(
          new EndpointBuilder()
              .withAddresses(pod.getStatus().getPodIP())
              .withNewConditions()
              .withReady(ready)
              .withServing(ready)
              .withTerminating(false)
              .endConditions()
              .withNodeName(pod.getSpec().getNodeName())
              .withZone(zone)
              .withNewTargetRef()
              .withKind("Pod")
              .withNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .withUid(pod.getMetadata().getUid())
              .endTargetRef()
              .build());
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.getMetadata().getLabels() != null) {
      labels.putAll(service.getMetadata().getLabels());
    }
    labels.put(SERVICE_NAME_LABEL, service.getMetadata().getName());
    labels.put(MANAGED_BY_LABEL, MANAGER);
    // The uid's last characters tell a re-created Service's slice from the old one's.
    String uid = service.getMetadata().getUid().replace("-", "");
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(
            service.getMetadata().getName() + "-" + uid.substring(Math.max(0, uid.length() - 5)))
        .withNamespace(service.getMetadata().getNamespace())
        .withLabels(labels)
        .withOwnerReferences(Pods.controllerReference(service))
        .endMetadata()
        .withAddressType("IPv4")
        .withPorts(ports(service, selected))
        .withEndpoints(endpoints)
        .build();
  }

  private static List<EndpointPort> ports(Service service, List<Pod> pods) {
    List<EndpointPort> ports = new ArrayList<>();
    if (service.getSpec().getPorts() == null) {
      return ports;
    }
    for (ServicePort port : service.getSpec().getPorts()) {
      ports.add(
          new EndpointPortBuilder()
              .withName(port.getName() == null ? "" : port.getName())
              .withPort(targetPort(port, pods))
              .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
              .withAppProtocol(port.getAppProtocol())
              .build());
    }
    return ports;
  }

  /** A number, or a container port name looked up in the pods; else the Service's port. */
  private static Integer targetPort(ServicePort port, List<Pod> pods) {
    IntOrString target = port.getTargetPort();
    if (target == null) {
      return port.getPort();
    }
    if (target.getIntVal() != null) {
      return target.getIntVal();
    }
    for (Pod pod : pods) {
      for (Container container : orEmpty(pod.getSpec().getContainers())) {
        for (ContainerPort candidate : orEmpty(container.getPorts())) {
          if (target.getStrVal().equals(candidate.getName())) {
            return candidate.getContainerPort();
          }
        }
      }
    }
    return port.getPort();
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
