package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.policy.PlacementValidator;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import io.ubernetes.federation.tenancy.ClusterSet.ClusterSetSpec;
import io.ubernetes.federation.tenancy.ClusterSet.ClusterSetStatus;
import java.time.Instant;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Validation of {@link ClusterSet}s: a well-formed selector, as a placement's. Written by admins
 * only: a set decides which clusters tenants may use.
 */
@Component
@Order(110)
public class ClusterSetStrategy
    extends RecordKindStrategy<ClusterSet, ClusterSetSpec, ClusterSetStatus> {
  private static final ApiKind API = ApiKind.of("clustersets", "clusterset", "cset");

  public ClusterSetStrategy() {
    super(
        ClusterSet.KIND,
        API,
        CLUSTER_SCOPED,
        ClusterSet.class,
        ClusterSetSpec.class,
        ClusterSetStatus.class,
        ClusterSet::new);
  }

  @Override
  public ClusterSetSpec admit(ObjectMeta metadata, ClusterSetSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    if (spec.clusterSelector() == null) {
      errors.required("spec.clusterSelector");
      return spec;
    }
    PlacementValidator.selector(spec.clusterSelector(), "spec.clusterSelector", errors);
    return spec;
  }

  @Override
  public ClusterSetStatus initialStatus(ClusterSetSpec spec, Instant now) {
    // The clusters are counted once the set is stored (TenancyStatus).
    return new ClusterSetStatus(
        List.of(),
        0,
        Conditions.set(
            List.of(), "Selected", "Unknown", "Pending", "clusters not counted yet", null, now));
  }
}
