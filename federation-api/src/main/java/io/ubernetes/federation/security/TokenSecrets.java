package io.ubernetes.federation.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API tokens' shape and hashing. A token is {@code ubt_<id>_<secret>}: the id finds the row, the
 * secret (256 random bits) is checked against a salted SHA-256, in constant time.
 */
final class TokenSecrets {
  static final String PREFIX = "ubt_";
  private static final Pattern TOKEN = Pattern.compile("ubt_([a-z0-9]{1,32})_([A-Za-z0-9_-]{16,})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private TokenSecrets() {}

  /** A token's id and secret. */
  record Parsed(String id, String secret) {}

  static Parsed parse(String token) {
    Matcher matcher = token == null ? null : TOKEN.matcher(token);
    return matcher != null && matcher.matches()
        ? new Parsed(matcher.group(1), matcher.group(2))
        : null;
  }

  static String newId() {
    StringBuilder id = new StringBuilder(12);
    for (int i = 0; i < 12; i++) {
      id.append(ID_CHARS[RANDOM.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String newSalt() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static String token(String id, String secret) {
    return PREFIX + id + "_" + secret;
  }

  static String hash(String salt, String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(salt.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static boolean same(String hash, String otherHash) {
    return MessageDigest.isEqual(
        hash.getBytes(StandardCharsets.US_ASCII), otherHash.getBytes(StandardCharsets.US_ASCII));
  }
}
