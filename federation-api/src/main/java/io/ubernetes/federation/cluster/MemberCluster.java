package io.ubernetes.federation.cluster;

import io.swagger.v3.oas.annotations.media.Schema;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;

/** A Kubernetes cluster that is a member of the federation (cluster-scoped). */
@Schema(name = "MemberCluster")
public record MemberCluster(
    @Schema(example = API_VERSION) String apiVersion,
    @Schema(example = KIND) String kind,
    ObjectMeta metadata,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) MemberClusterSpec spec,
    @Schema(accessMode = Schema.AccessMode.READ_ONLY) MemberClusterStatus status)
    implements ApiObject<MemberClusterSpec, MemberClusterStatus> {
  public static final String KIND = "MemberCluster";
}
