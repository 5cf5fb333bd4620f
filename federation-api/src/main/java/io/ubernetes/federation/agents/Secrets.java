package io.ubernetes.federation.agents;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random secrets and their hashes. Secrets are 256 random bits, so a single SHA-256 is enough to
 * keep them out of the database: there is nothing to guess.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** A new secret with a recognisable prefix, e.g. {@code ubj_...} for join tokens. */
  static String generate(String prefix) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String secret) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Compares hashes in constant time. */
  static boolean same(String hash, String otherHash) {
    return hash != null
        && otherHash != null
        && MessageDigest.isEqual(
            hash.getBytes(StandardCharsets.US_ASCII),
            otherHash.getBytes(StandardCharsets.US_ASCII));
  }
}
