package io.ubernetes.federation.service;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a {@link FederatedService} exposes, and of which workload.
 *
 * @param workload the name of the {@code FederatedWorkload} in the same namespace whose pods the
 *     Service selects; it may be created later
 * @param ports the ports the Service exposes; names become the labels of SRV records ({@code
 *     _<name>._<protocol>})
 * @param type how clients reach the Service in each cluster
 */
public record FederatedServiceSpec(
    @Schema(example = "web", requiredMode = Schema.RequiredMode.REQUIRED) String workload,
    @ArraySchema(
            minItems = 1,
            maxItems = 100,
            arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED))
        List<ServicePort> ports,
    @Schema(defaultValue = "ClusterIP") ServiceType type) {

  public FederatedServiceSpec {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }
}
