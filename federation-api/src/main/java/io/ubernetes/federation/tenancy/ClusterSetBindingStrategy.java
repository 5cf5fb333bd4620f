package io.ubernetes.federation.tenancy;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.Conditions;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingSpec;
import io.ubernetes.federation.tenancy.ClusterSetBinding.ClusterSetBindingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Validation of {@link ClusterSetBinding}s: named after the set they bind (one binding per set and
 * namespace), written only by callers who may bind that set.
 */
@Component
@Order(120)
public class ClusterSetBindingStrategy
    extends RecordKindStrategy<ClusterSetBinding, ClusterSetBindingSpec, ClusterSetBindingStatus> {
  private static final ApiKind API = ApiKind.of("clustersetbindings", "clustersetbinding", "csb");

  public ClusterSetBindingStrategy() {
    super(
        ClusterSetBinding.KIND,
        API,
        NAMESPACED,
        ClusterSetBinding.class,
        ClusterSetBindingSpec.class,
        ClusterSetBindingStatus.class,
        ClusterSetBinding::new);
  }

  @Override
  public ClusterSetBindingSpec admit(
      ObjectMeta metadata, ClusterSetBindingSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    if (spec.clusterSet() == null || spec.clusterSet().isBlank()) {
      errors.required("spec.clusterSet");
    } else if (!spec.clusterSet().equals(metadata.name())) {
      errors.add(
          "spec.clusterSet",
          "must equal metadata.name (\""
              + metadata.name()
              + "\"): a binding is named after its set, one binding per set and namespace");
    }
    return spec;
  }

  /**
   * The access rules decide on the path, which names the set of every write but a create: a
   * create's set is its body's name, checked here.
   */
  @Override
  public void beforeWrite(String namespace, String name, ClusterSetBindingSpec spec) {
    Optional<Caller> caller = Callers.current();
    if (caller.isPresent() && !caller.get().isAgent() && !caller.get().mayBind(name)) {
      throw ApiException.forbidden(
          "binding cluster set \""
              + name
              + "\" needs the admin role, or an operator granted it: this token's clusterSets"
              + " do not include \""
              + name
              + "\"");
    }
  }

  @Override
  public ClusterSetBindingStatus initialStatus(ClusterSetBindingSpec spec, Instant now) {
    // Whether the set exists is written once the binding is stored (TenancyStatus).
    return new ClusterSetBindingStatus(
        Conditions.set(
            List.of(), "Bound", "Unknown", "Pending", "cluster set not looked up yet", null, now));
  }
}
