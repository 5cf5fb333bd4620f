package io.ubernetes.federation.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a presented credential among failed authentications without keeping it: an API
 * token by its id (not secret, so that guessing the secret of one token is counted together,
 * whatever the secret tried), anything else by a truncated SHA-256 of the whole header.
 */
final class CredentialFingerprint {
  private CredentialFingerprint() {}

  static String of(String authorization) {
    if (authorization == null) {
      return "none";
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space > 0 && value.substring(0, space).equalsIgnoreCase("Bearer")) {
      TokenSecrets.Parsed token = TokenSecrets.parse(value.substring(space + 1).strip());
      if (token != null) {
        return TokenSecrets.PREFIX + token.id();
      }
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return "sha256:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
