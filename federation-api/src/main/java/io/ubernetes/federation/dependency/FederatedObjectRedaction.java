package io.ubernetes.federation.dependency;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectRedaction;
import io.ubernetes.federation.workload.SecretRedaction;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A Secret kept as a {@link FederatedObject} is read as a workload's Secret resources are: redacted
 * for a viewer, as stored for operators and admins, who may write it.
 */
@Component
class FederatedObjectRedaction implements ObjectRedaction {

  @Override
  public ApiObject<?, ?> shown(Caller caller, ApiObject<?, ?> object) {
    if (!(object instanceof FederatedObject kept)
        || kept.spec() == null
        || kept.spec().object() == null
        || caller == null
        || caller.has(Role.OPERATOR)) {
      return object;
    }
    return new FederatedObject(
        kept.apiVersion(),
        kept.kind(),
        kept.metadata(),
        new FederatedObjectSpec(SecretRedaction.redacted(List.of(kept.spec().object())).get(0)),
        kept.status());
  }
}
