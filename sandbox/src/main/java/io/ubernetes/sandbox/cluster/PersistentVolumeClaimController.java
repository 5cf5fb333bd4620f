package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;

/**
 * PersistentVolumeClaims: bound at once, as with a storage class that provisions immediately. The
 * claim's status says {@code Bound} with the access modes and the capacity it asked for; no
 * PersistentVolume objects are made, and {@code spec.volumeName} is left as written, so that the
 * claim's spec stays exactly what its author (the member agent) applied.
 */
final class PersistentVolumeClaimController {
  static final String BOUND = "Bound";

  private final Mirror<PersistentVolumeClaim> claims;

  PersistentVolumeClaimController(Mirror<PersistentVolumeClaim> claims) {
    this.claims = claims;
  }

  void reconcile() {
    for (PersistentVolumeClaim claim : claims.items()) {
      if (claim.getMetadata().getDeletionTimestamp() != null || claim.getSpec() == null) {
        continue;
      }
      PersistentVolumeClaimStatus before =
          claim.getStatus() == null ? new PersistentVolumeClaimStatus() : claim.getStatus();
      Map<String, Quantity> requested =
          claim.getSpec().getResources() == null
              ? null
              : claim.getSpec().getResources().getRequests();
      List<String> modes = claim.getSpec().getAccessModes();
      PersistentVolumeClaimStatus after =
          new PersistentVolumeClaimStatusBuilder(before)
              .withPhase(BOUND)
              .withAccessModes(modes == null || modes.isEmpty() ? null : modes)
              .withCapacity(
                  requested == null || !requested.containsKey("storage")
                      ? null
                      : Map.of("storage", requested.get("storage")))
              .build();
      if (!after.equals(claim.getStatus())) {
        claims.updateStatus(new PersistentVolumeClaimBuilder(claim).withStatus(after).build());
      }
    }
  }
}
