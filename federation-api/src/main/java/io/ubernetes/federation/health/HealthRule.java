package io.ubernetes.federation.health;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/**
 * How the federation judges the objects of one kind in member clusters (cluster-scoped): a check
 * for Degraded, a check for Healthy, Progressing otherwise, on status fields the agents report
 * back. A rule replaces the agents' built-in rule for its kind.
 */
@Schema(name = "HealthRule")
public record HealthRule(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) HealthRuleSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) HealthRuleStatus status)
    implements ApiObject<HealthRuleSpec, HealthRule.HealthRuleStatus> {
  public static final String KIND = "HealthRule";

  /** A rule has no observed state of its own; the field exists for API symmetry. */
  public record HealthRuleStatus() {}
}
