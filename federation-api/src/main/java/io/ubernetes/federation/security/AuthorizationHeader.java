package io.ubernetes.federation.security;

import java.util.Locale;

/**
 * What is wrong with an Authorization header that is not {@code Bearer <token>}: such a request is
 * refused like one with a wrong token, and its answer says what to send instead, without repeating
 * what was sent.
 */
final class AuthorizationHeader {
  static final String EXPECTED =
      "send Authorization: Bearer <token> with an API token (ubt_...), a JWT from the identity"
          + " provider or a member agent's cluster credential (ubc_...)";

  private AuthorizationHeader() {}

  /** Why {@code header} is no bearer credential, or null when it is {@code Bearer <token>}. */
  static String problem(String header) {
    String value = header.strip();
    if (value.isEmpty()) {
      return "the Authorization header is empty; " + EXPECTED;
    }
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    boolean token = space > 0 && !value.substring(space + 1).isBlank();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return token
          ? null
          : "the Authorization header has the Bearer scheme but no token; " + EXPECTED;
    }
    if (!token) {
      return "the Authorization header holds no scheme, only a value; " + EXPECTED;
    }
    // A scheme is a short word; a longer first word is a credential sent without one.
    if (!scheme.matches("[A-Za-z][A-Za-z0-9-]{0,19}")) {
      return "the Authorization header holds no scheme; " + EXPECTED;
    }
    return "the Authorization header uses the "
        + capitalized(scheme)
        + " scheme; this API takes bearer tokens only: "
        + EXPECTED;
  }

  private static String capitalized(String scheme) {
    return scheme.substring(0, 1).toUpperCase(Locale.ROOT)
        + scheme.substring(1).toLowerCase(Locale.ROOT);
  }
}
