package io.ubernetes.federation.resource;

/**
 * The optional body of a DELETE, as in Kubernetes: {@code {"preconditions": {"resourceVersion":
 * "42"}}}.
 */
public record DeleteOptions(String apiVersion, String kind, Preconditions preconditions) {

  /**
   * The preconditions of a DELETE from its body and its {@code resourceVersion} query parameter.
   *
   * @throws ApiException 400 when both name a resourceVersion and they differ
   */
  public static Preconditions preconditions(DeleteOptions body, String resourceVersionParameter) {
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
}
