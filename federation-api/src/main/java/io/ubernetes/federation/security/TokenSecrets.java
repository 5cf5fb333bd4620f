package io.ubernetes.federation.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shapes and hashes of the federation's secrets. An API token is {@code ubt_<id>_<secret>}: the
 * id finds the row, the secret is checked against a salted SHA-256. An issued join token is {@code
 * ubj_<id>_<secret>}, its secret kept as a plain SHA-256. The bootstrap join token ({@code ubj_})
 * and cluster credentials ({@code ubc_}) are a prefix and a secret, kept as a plain SHA-256. Every
 * secret is 256 random bits, so there is nothing to guess; hashes are compared in constant time.
 */
final class TokenSecrets {
  static final String PREFIX = "ubt_";
  static final String JOIN_PREFIX = "ubj_";
  private static final Pattern TOKEN = Pattern.compile("ubt_([a-z0-9]{1,32})_([A-Za-z0-9_-]{16,})");
  private static final Pattern JOIN_TOKEN =
      Pattern.compile("ubj_([a-z0-9]{12})_([A-Za-z0-9_-]{16,})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private TokenSecrets() {}

  /** A token's id and secret. */
  record Parsed(String id, String secret) {}

  static Parsed parse(String token) {
    return parse(TOKEN, token);
  }

  /**
   * An issued join token's id and secret ({@code ubj_<id>_<secret>}), or null for another shape.
   */
  static Parsed parseJoin(String token) {
    return parse(JOIN_TOKEN, token);
  }

  private static Parsed parse(Pattern pattern, String token) {
    Matcher matcher = token == null ? null : pattern.matcher(token);
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

  /** A new secret with a recognisable prefix, e.g. {@code ubj_...} for join tokens. */
  static String generate(String prefix) {
    return prefix + newSecret();
  }

  /** The hash of an unsalted secret (a join token, a cluster credential). */
  static String hash(String secret) {
    return hash("", secret);
  }

  static String token(String id, String secret) {
    return PREFIX + id + "_" + secret;
  }

  static String joinToken(String id, String secret) {
    return JOIN_PREFIX + id + "_" + secret;
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
    return hash != null
        && otherHash != null
        && MessageDigest.isEqual(
            hash.getBytes(StandardCharsets.US_ASCII),
            otherHash.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Writes a generated secret to a file only its owner can read, replacing any file there.
   *
   * @param what the secret, as the error names it, e.g. {@code the join token}
   */
  static void writeFile(Path file, String secret, String what) {
    try {
      Files.createDirectories(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret + "\n", StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + what + " to " + file, e);
    }
  }
}
