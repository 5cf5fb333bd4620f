package io.ubernetes.federation.policy;

import io.ubernetes.federation.policy.PlacementPolicy.PlacementPolicyStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation and defaults of {@link PlacementPolicy}s. */
@Component
@Order(20)
public class PlacementPolicyStrategy
    extends RecordKindStrategy<PlacementPolicy, Placement, PlacementPolicyStatus> {
  private static final ApiKind API =
      ApiKind.of("placementpolicies", "placementpolicy", "pp").writtenByUnconfinedOperators();

  public PlacementPolicyStrategy() {
    super(
        PlacementPolicy.KIND,
        API,
        CLUSTER_SCOPED,
        PlacementPolicy.class,
        Placement.class,
        PlacementPolicyStatus.class,
        PlacementPolicy::new);
  }

  @Override
  public Placement admit(ObjectMeta metadata, Placement spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    return PlacementValidator.admit(spec, "spec", false, errors);
  }

  @Override
  public PlacementPolicyStatus initialStatus(Placement spec, Instant now) {
    return new PlacementPolicyStatus();
  }
}
