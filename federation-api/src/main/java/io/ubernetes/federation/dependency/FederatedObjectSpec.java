package io.ubernetes.federation.dependency;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link FederatedObject} holds.
 *
 * @param object a native v1 ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim; its {@code
 *     metadata.name} is the FederatedObject's name (filled in when left out), its namespace empty
 *     or the FederatedObject's
 */
public record FederatedObjectSpec(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "a native ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim",
            example =
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"LOG_LEVEL\":\"info\"}}")
        JsonNode object) {}
