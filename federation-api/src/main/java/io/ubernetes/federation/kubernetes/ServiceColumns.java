package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.service.FederatedServiceStatus;
import io.ubernetes.federation.service.ServicePort;
import io.ubernetes.federation.service.ServiceType;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** The columns of federated services: what they front, on which ports, in how many clusters. */
@Component
final class ServiceColumns extends KindColumns<FederatedService> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(FederatedService.KIND),
          TableColumn.text("Workload", "The federated workload it fronts (spec.workload)."),
          TableColumn.text("Type", "ClusterIP, LoadBalancer or Headless."),
          TableColumn.text("Ports", "Its ports, as port/protocol."),
          TableColumn.number("Clusters", "The member clusters where it has healthy endpoints."),
          TableColumn.age(),
          TableColumn.wide("DNS", "The names it answers to across clusters."));

  ServiceColumns() {
    super(FederatedService.KIND, FederatedService.class, COLUMNS);
  }

  @Override
  List<Object> cells(FederatedService service, Instant now) {
    FederatedServiceSpec spec = service.spec();
    FederatedServiceStatus status =
        service.status() == null ? FederatedServiceStatus.EMPTY : service.status();
    String ports =
        spec == null || spec.ports().isEmpty()
            ? "<none>"
            : spec.ports().stream()
                .map(
                    port ->
                        port.port()
                            + "/"
                            + (port.protocol() == null ? ServicePort.TCP : port.protocol()))
                .collect(Collectors.joining(","));
    return Arrays.asList(
        service.metadata().name(),
        spec == null || spec.workload() == null ? "<none>" : spec.workload(),
        type(spec == null ? null : spec.type()),
        ports,
        (int)
            status.clusters().stream()
                .filter(FederatedServiceStatus.ClusterEndpoints::healthy)
                .count(),
        Age.since(service.metadata().creationTimestamp(), now),
        status.dnsNames().isEmpty() ? "<none>" : String.join(",", status.dnsNames()));
  }

  private static String type(ServiceType type) {
    return switch (type == null ? ServiceType.CLUSTER_IP : type) {
      case CLUSTER_IP -> "ClusterIP";
      case LOAD_BALANCER -> "LoadBalancer";
      case HEADLESS -> "Headless";
    };
  }
}
