package io.ubernetes.federation.resource;

import java.util.List;
import java.util.Set;

/**
 * The optional body of a DELETE, as in Kubernetes: {@code {"preconditions": {"resourceVersion":
 * "42"}, "propagationPolicy": "Background"}}. The federation's objects own nothing a deletion could
 * leave behind or wait for in the federation itself (what runs in member clusters is removed by
 * instruction either way), so every propagation policy and grace period means the same: deleted
 * now. {@code dryRun: [All]} deletes nothing, as the query parameter does.
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

  /** The request's options, a dry run also when the body asks for one. */
  public static WriteOptions withBody(WriteOptions options, DeleteOptions body) {
    if (body == null || body.dryRun() == null || body.dryRun().isEmpty() || options.dryRun()) {
      return options;
    }
    return new WriteOptions(
        true,
        options.fieldValidation(),
        options.fieldManager(),
        options.fieldManagerGiven(),
        options.force());
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
    if (dryRun != null) {
      for (String value : dryRun) {
        if (!"All".equals(value)) {
          throw ApiException.badRequest(
              "dryRun", "Unsupported value: \"" + value + "\": supported values: \"All\"");
        }
      }
    }
  }
}
