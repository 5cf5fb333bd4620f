package io.ubernetes.federation.quota;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaSpec;
import io.ubernetes.federation.quota.FederatedResourceQuota.QuotaStatus;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ResourceReader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Resource quotas across all namespaces ({@code kubectl get federatedresourcequotas -A}). */
@RestController
@RequestMapping(
    path = "/apis/ubernetes.io/v1/federatedresourcequotas",
    produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
@Tag(name = "FederatedResourceQuota")
class AllFederatedResourceQuotasController
    extends AllNamespacesController<FederatedResourceQuota, QuotaSpec, QuotaStatus> {

  AllFederatedResourceQuotasController(
      ResourceReader reader, FederatedResourceQuotaStrategy strategy) {
    super(reader, strategy);
  }
}
