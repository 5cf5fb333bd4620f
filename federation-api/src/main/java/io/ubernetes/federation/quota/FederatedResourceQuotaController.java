package io.ubernetes.federation.quota;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.resource.ResourceStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resource quotas of a namespace across the fleet: {@code
 * /apis/ubernetes.io/v1/namespaces/{namespace}/federatedresourcequotas}, also at {@code
 * /api/v1/namespaces/{namespace}/federatedresourcequotas}.
 */
@RestController
@RequestMapping(
    path = {
      "/api/v1/namespaces/{namespace}/federatedresourcequotas",
      "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedresourcequotas"
    },
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(
    name = "FederatedResourceQuota",
    description =
        "Limits on what the workloads of a namespace ask for across the fleet, enforced when a"
            + " workload is written and by the scheduler; written by admins and operators"
            + " confined to no namespace")
class FederatedResourceQuotaController
    extends NamespacedResourceController<FederatedResourceQuota, QuotaSpec, QuotaStatus> {

  FederatedResourceQuotaController(
      ResourceStore store, ResourceReader reader, FederatedResourceQuotaStrategy strategy) {
    super(store, reader, strategy);
  }
}
