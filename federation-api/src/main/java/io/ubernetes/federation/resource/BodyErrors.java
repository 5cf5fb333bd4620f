package io.ubernetes.federation.resource;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The field errors found while reading a request's body (see {@link ClientDocuments}), kept on the
 * request so that the write it asks for reports them together with the rules its object breaks.
 */
public final class BodyErrors {
  private static final String ATTRIBUTE = BodyErrors.class.getName();

  private BodyErrors() {}

  /** The errors of this request's body: none until its body is read. */
  public static FieldErrors of(HttpServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof FieldErrors errors) {
      return errors;
    }
    FieldErrors errors = new FieldErrors();
    request.setAttribute(ATTRIBUTE, errors);
    return errors;
  }
}
