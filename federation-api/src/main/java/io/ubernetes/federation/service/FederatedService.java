package io.ubernetes.federation.service;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * A native Kubernetes Service in front of a {@code FederatedWorkload} (namespaced), in every member
 * cluster that runs the workload: it follows the workload's replicas from cluster to cluster, and
 * its status says where clients can reach it. The workload need not exist yet; the Service appears
 * wherever it is placed.
 */
@Schema(name = "FederatedService")
public record FederatedService(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) FederatedServiceSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) FederatedServiceStatus status)
    implements ApiObject<FederatedServiceSpec, FederatedServiceStatus> {
  public static final String KIND = "FederatedService";

  /**
   * Carried by every Service the federation renders for a FederatedService in member clusters, with
   * the FederatedService's name as its value.
   */
  public static final String ANNOTATION = "ubernetes.io/federated-service";
}
