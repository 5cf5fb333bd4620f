package io.ubernetes.federation.service;

import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules Kubernetes applies to a Service's ports, plus those the federation's DNS needs: every
 * port name, given or required, is an IANA service name, since it becomes an SRV label.
 */
final class ServiceSpecValidator {
  static final int MAX_PORTS = 100;
  private static final int MAX_PORT = 65_535;

  /** Case-sensitive, as in Kubernetes. */
  private static final List<String> PROTOCOLS =
      List.of(ServicePort.TCP, ServicePort.UDP, ServicePort.SCTP);

  private ServiceSpecValidator() {}

  /** Validates {@code spec} and returns it with defaults applied; null stays null. */
  static FederatedServiceSpec admit(FederatedServiceSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    KubernetesValidation.dnsSubdomain(spec.workload(), "spec.workload", errors);
    List<ServicePort> ports = spec.ports();
    if (ports.isEmpty()) {
      errors.add("spec.ports", "at least one port is required");
    } else if (ports.size() > MAX_PORTS) {
      errors.add("spec.ports", "at most " + MAX_PORTS + " entries, got " + ports.size());
    }
    Set<String> names = new HashSet<>();
    Set<String> listeners = new HashSet<>();
    List<ServicePort> admitted = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      admitted.add(
          port(ports.get(i), "spec.ports[" + i + "]", ports.size(), names, listeners, errors));
    }
    return new FederatedServiceSpec(
        spec.workload(), admitted, spec.type() == null ? ServiceType.CLUSTER_IP : spec.type());
  }

  private static ServicePort port(
      ServicePort port,
      String field,
      int count,
      Set<String> names,
      Set<String> listeners,
      FieldErrors errors) {
    String name = port.name() == null || port.name().isEmpty() ? null : port.name();
    if (name == null) {
      if (count > 1) {
        errors.add(field + ".name", "required when there is more than one port");
      }
    } else {
      KubernetesValidation.portName(name, field + ".name", errors);
      if (!names.add(name)) {
        errors.add(field + ".name", "duplicate port name \"" + name + "\"");
      }
    }
    Integer number = port.port();
    if (number == null) {
      errors.required(field + ".port");
    }
    errors.range(field + ".port", number, 1, MAX_PORT);
    String protocol = port.protocol() == null ? ServicePort.TCP : port.protocol();
    if (!PROTOCOLS.contains(protocol)) {
      errors.add(
          field + ".protocol",
          "must be one of " + String.join(", ", PROTOCOLS) + ", got \"" + protocol + "\"");
    } else if (number != null && !listeners.add(number + "/" + protocol)) {
      errors.add(field, "duplicate port " + number + "/" + protocol);
    }
    IntOrString target = port.targetPort();
    if (target == null) {
      target = number == null ? null : IntOrString.of(number);
    } else if (target.isNumber()) {
      errors.range(field + ".targetPort", target.number(), 1, MAX_PORT);
    } else {
      KubernetesValidation.portName(target.text(), field + ".targetPort", errors);
    }
    return new ServicePort(name, number, target, protocol);
  }
}
