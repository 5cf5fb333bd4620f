package io.ubernetes.federation.resource;

import java.util.List;
import java.util.Set;

/**
 * The optional body of a DELETE, as in Kubernetes: {@code {"preconditions": {"resourceVersion":
 * "42"}, "propagationPolicy": "Background"}}. The federation's objects own nothing a deletion could
 * leave behind or wait for in the federation itself (what runs in member clusters is removed by
 * instruction either way), so every propagation policy and grace period means the same: deleted
 * now. A dry run is refused rather than carried out for real.
 *
 * @param propagationPolicy {@code Orphan}, {@code Background} or {@code Foreground}, as kubectl
 *     sends it
 * @param gracePeriodSeconds accepted as Kubernetes clients send it; not negative
 * @param orphanDependents the deprecated form of {@code propagationPolicy: Orphan}
 */
public record DeleteOptions(
    String apiVersion,
    String kind,
    Preconditions preconditions,
    String propagationPolicy,
    Long gracePeriodSeconds,
    Boolean orphanDependents,
    List<String> dryRun) {

  private static final Set<String> PROPAGATION = Set.of("Orphan", "Background", "Foreground");

  /**
   * The preconditions of a DELETE from its body and its {@code resourceVersion} query parameter.
   *
   * @throws ApiException 400 when both name a resourceVersion and they differ
   */
  public static Preconditions preconditions(DeleteOptions body, String resourceVersionParameter) {
    if (body != null) {
      body.validate();
    }
    Preconditions fromBody =
        body == null || body.preconditions() == null ? Preconditions.NONE : body.preconditions();
    Preconditions.requireWellFormed(fromBody.resourceVersion(), "preconditions.resourceVersion");
    Preconditions.requireWellFormed(resourceVersionParameter, "resourceVersion");
    if (resourceVersionParameter == null || resourceVersionParameter.isEmpty()) {
      return fromBody;
    }
    if (fromBody.resourceVersion() != null
        && !fromBody.resourceVersion().equals(resourceVersionParameter)) {
      throw ApiException.badRequest(
          "resourceVersion", "differs from preconditions.resourceVersion in the body");
    }
    return new Preconditions(fromBody.uid(), resourceVersionParameter);
  }

  private void validate() {
    if (propagationPolicy != null && !PROPAGATION.contains(propagationPolicy)) {
      throw ApiException.badRequest(
          "propagationPolicy",
          "must be Orphan, Background or Foreground, got \"" + propagationPolicy + "\"");
    }
    if (gracePeriodSeconds != null && gracePeriodSeconds < 0) {
      throw ApiException.badRequest(
          "gracePeriodSeconds", "must not be negative, got " + gracePeriodSeconds);
    }
    if (dryRun != null && !dryRun.isEmpty()) {
      throw ApiException.badRequest(
          "dryRun", "dry runs are not supported; leave dryRun out to delete for real");
    }
  }
}
