package io.ubernetes.federation.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** JWTs as an identity provider would issue them, signed with the test key in {@code jwt/}. */
public final class TestJwts {
  private static final PrivateKey KEY = load();

  private TestJwts() {}

  /** A JWT for {@code subject}, valid for an hour, with these extra claims. */
  public static String signed(String subject, Map<String, Object> claims) {
    return signed(subject, claims, Instant.now().plusSeconds(3600), KEY);
  }

  public static String expired(String subject, Map<String, Object> claims) {
    return signed(subject, claims, Instant.now().minusSeconds(3600), KEY);
  }

  /** Signed by a key the service does not trust. */
  public static String forged(String subject, Map<String, Object> claims) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return signed(
          subject,
          claims,
          Instant.now().plusSeconds(3600),
          generator.generateKeyPair().getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Map<String, Object> roles(String role, List<String> namespaces) {
    return namespaces.isEmpty()
        ? Map.of("roles", List.of(role))
        : Map.of("roles", List.of(role), "namespaces", namespaces);
  }

  private static String signed(
      String subject, Map<String, Object> claims, Instant expiry, PrivateKey key) {
    JWTClaimsSet.Builder builder =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(Instant.now().minusSeconds(7200)))
            .expirationTime(Date.from(expiry));
    claims.forEach(builder::claim);
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), builder.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static PrivateKey load() {
    try (InputStream in = TestJwts.class.getResourceAsStream("/jwt/private.pem")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      byte[] der =
          Base64.getMimeDecoder()
              .decode(
                  pem.replace("-----BEGIN PRIVATE KEY-----", "")
                      .replace("-----END PRIVATE KEY-----", ""));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the test JWT key", e);
    }
  }
}
