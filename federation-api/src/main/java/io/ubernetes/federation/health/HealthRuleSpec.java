package io.ubernetes.federation.health;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The spec of a {@link HealthRule}.
 *
 * @param apiVersion the objects' API version; any version of the kind when omitted
 * @param kind the objects' kind
 * @param healthy when an object is Healthy
 * @param degraded when an object is Degraded; checked first; never when omitted
 */
public record HealthRuleSpec(
    String apiVersion,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String kind,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Check healthy,
    Check degraded) {

  /**
   * One check: exactly one of {@code jsonPath} (with {@code value}) or {@code cel}.
   *
   * @param jsonPath a Kubernetes JSONPath into the live object, e.g. {@code .status.phase}
   * @param value what the JSONPath must select, compared as text (any of the values it selects)
   * @param cel a CEL expression over {@code object} ({@code {status: ..., metadata: {generation:
   *     ...}}}) that yields a bool
   */
  public record Check(String jsonPath, String value, String cel) {}
}
