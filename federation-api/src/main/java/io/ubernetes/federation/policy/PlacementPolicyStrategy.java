package io.ubernetes.federation.policy;

import io.ubernetes.federation.policy.PlacementPolicy.PlacementPolicyStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceStrategy;
import java.time.Instant;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Validation and defaults of {@link PlacementPolicy}s. */
@Component
@Order(20)
public class PlacementPolicyStrategy
    implements ResourceStrategy<PlacementPolicy, Placement, PlacementPolicyStatus> {
  private static final ApiKind API =
      ApiKind.of("placementpolicies", "placementpolicy", "pp").writtenByUnconfinedOperators();

  @Override
  public String kind() {
    return PlacementPolicy.KIND;
  }

  @Override
  public ApiKind api() {
    return API;
  }

  @Override
  public boolean namespaced() {
    return false;
  }

  @Override
  public Class<PlacementPolicy> type() {
    return PlacementPolicy.class;
  }

  @Override
  public Class<Placement> specType() {
    return Placement.class;
  }

  @Override
  public Class<PlacementPolicyStatus> statusType() {
    return PlacementPolicyStatus.class;
  }

  @Override
  public PlacementPolicy assemble(
      ObjectMeta metadata, Placement spec, PlacementPolicyStatus status) {
    return new PlacementPolicy(ApiObject.API_VERSION, PlacementPolicy.KIND, metadata, spec, status);
  }

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsSubdomain(name, field, errors);
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
