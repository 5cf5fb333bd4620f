package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.quota.FederatedResourceQuota;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The columns of resource quotas, as {@code kubectl get quota} prints a ResourceQuota's: each
 * limited resource as {@code name: used/hard}, for what is admitted and what is placed.
 */
@Component
final class FederatedResourceQuotaColumns extends KindColumns<FederatedResourceQuota> {
  static final List<TableColumn> COLUMNS =
      List.of(
          TableColumn.name(FederatedResourceQuota.KIND),
          TableColumn.text(
              "Admitted",
              "What the workloads ask for in full against each limit (status.admitted/status.hard)."),
          TableColumn.text(
              "Used", "What the scheduler placed against each limit (status.used/status.hard)."),
          TableColumn.age());

  FederatedResourceQuotaColumns() {
    super(FederatedResourceQuota.KIND, FederatedResourceQuota.class, COLUMNS);
  }

  @Override
  List<Object> cells(FederatedResourceQuota quota, Instant now) {
    QuotaStatus status = quota.status();
    return Arrays.asList(
        quota.metadata().name(),
        status == null ? "<none>" : against(status.admitted(), status.hard()),
        status == null ? "<none>" : against(status.used(), status.hard()),
        Age.since(quota.metadata().creationTimestamp(), now));
  }

  /** {@code pods: 8/10, requests.cpu: 2/4}, in the order of the limits; nothing used reads 0. */
  static String against(Map<String, String> use, Map<String, String> hard) {
    if (hard.isEmpty()) {
      return "<none>";
    }
    return hard.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ": " + use.getOrDefault(e.getKey(), "0") + "/" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
