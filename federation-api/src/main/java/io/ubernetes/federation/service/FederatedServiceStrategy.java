package io.ubernetes.federation.service;

import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Validation and defaults of {@link FederatedService}s; tells the {@link FederatedServiceListener}s
 * of every write inside its transaction.
 */
@Component
@Order(80)
public class FederatedServiceStrategy
    extends RecordKindStrategy<FederatedService, FederatedServiceSpec, FederatedServiceStatus> {
  private static final ApiKind API =
      ApiKind.of("federatedservices", "federatedservice", "fsvc").withLegacyPlural("services");

  private final List<FederatedServiceListener> listeners;

  FederatedServiceStrategy(List<FederatedServiceListener> listeners) {
    super(
        FederatedService.KIND,
        API,
        NAMESPACED,
        FederatedService.class,
        FederatedServiceSpec.class,
        FederatedServiceStatus.class,
        FederatedService::new);
    this.listeners = List.copyOf(listeners);
  }

  /** The name becomes a Service's name in member clusters, and a DNS label. */
  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dns1035Label(name, field, errors);
  }

  @Override
  public FederatedServiceSpec admit(
      ObjectMeta metadata, FederatedServiceSpec spec, FieldErrors errors) {
    return ServiceSpecValidator.admit(spec, errors);
  }

  @Override
  public FederatedServiceStatus initialStatus(FederatedServiceSpec spec, Instant now) {
    return FederatedServiceStatus.EMPTY;
  }

  @Override
  public void beforeWrite(String namespace, String name, FederatedServiceSpec spec) {
    for (FederatedServiceListener listener : listeners) {
      listener.writing(namespace, name, spec);
    }
  }

  /** Ports are told apart by number and protocol, as a Service's are. */
  @Override
  public Map<String, List<String>> listMapKeys() {
    return Map.of("spec.ports", List.of("port", "protocol"), "status.clusters", List.of("name"));
  }

  /** A port without a protocol is a TCP port, as {@link ServiceSpecValidator} admits it. */
  @Override
  public Map<String, Map<String, String>> listMapKeyDefaults() {
    return Map.of("spec.ports", Map.of("protocol", ServicePort.TCP));
  }
}
