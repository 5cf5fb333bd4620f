package io.ubernetes.federation.resource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Where the next page of a list starts: the key of the last object served and a fingerprint of the
 * query, so that a token cannot be replayed against a different selector or namespace. Pages are
 * key-ordered, so an object that exists for the whole listing is served exactly once, whatever is
 * written meanwhile.
 */
record ContinueToken(ObjectKey after, long query) {
  private static final String VERSION = "2";

  static long fingerprint(String kind, String namespace, String labelSelector) {
    CRC32 crc = new CRC32();
    crc.update((kind + "\n" + namespace + "\n" + labelSelector).getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }

  String encode() {
    // The final newline marks the end, so that a truncated token is refused.
    String text = VERSION + "\n" + query + "\n" + after.namespace() + "\n" + after.name() + "\n";
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * @throws ApiException 400 naming {@code continue} when the token is not one this server issued
   *     for the same query
   */
  static ContinueToken decode(String token, long expectedQuery) {
    String[] parts;
    try {
      parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
    } catch (IllegalArgumentException e) {
      throw invalid();
    }
    if (parts.length != 5 || !VERSION.equals(parts[0]) || !parts[4].isEmpty()) {
      throw invalid();
    }
    // A key this server issued is one it stored: text PostgreSQL can hold.
    if (StorableText.problem(parts[2]) != null || StorableText.problem(parts[3]) != null) {
      throw invalid();
    }
    long query;
    try {
      query = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      throw invalid();
    }
    if (query != expectedQuery) {
      throw ApiException.badRequest(
          "continue", "the token belongs to a list with another namespace or labelSelector");
    }
    return new ContinueToken(new ObjectKey(parts[2], parts[3]), query);
  }

  private static ApiException invalid() {
    return ApiException.badRequest("continue", "not a continue token issued by this server");
  }
}
