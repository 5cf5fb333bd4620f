package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.ubernetes.kubectl.FederationClient.Answer;
import io.ubernetes.kubectl.FederationClient.FederationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * When the kubeconfig context's own credential expires: an API token ({@code ubt_<id>_<secret>},
 * whose metadata only admins may read, who also hear of other tokens about to expire), a JWT by its
 * {@code exp}, or a client certificate.
 */
final class TokenExpiry {
  static final String TOKEN = "token";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenExpiry() {}

  /** What the kubeconfig context's credential tells of its expiry. */
  static List<Finding> of(Checkup checkup) {
    Config config = checkup.config();
    Instant now = checkup.clock().instant();
    String token =
        config.getOauthToken() != null ? config.getOauthToken() : config.getAutoOAuthToken();
    if (token != null && token.startsWith("ubt_")) {
      return apiToken(checkup, token, now);
    }
    if (token != null && token.split("\\.").length == 3) {
      return List.of(jwt(token, now));
    }
    X509Certificate clientCertificate;
    try {
      clientCertificate = clientCertificate(config);
    } catch (IOException | GeneralSecurityException e) {
      return List.of(
          Finding.warn(
              TOKEN,
              "the kubeconfig's client certificate cannot be read: " + e.getMessage(),
              "kubectl config view --minify"));
    }
    if (clientCertificate != null) {
      return List.of(
          ExpiryCheck.judge(
              TOKEN,
              "the kubeconfig's client certificate",
              clientCertificate.getNotAfter().toInstant(),
              now,
              "ask for a new client certificate"));
    }
    return List.of(
        Finding.ok(
            TOKEN,
            token == null
                ? "the kubeconfig context has no credential"
                : "the kubeconfig's token is not one whose expiry can be read"));
  }

  /** An API token {@code ubt_<id>_<secret>}: its metadata, and (for admins) the other tokens'. */
  private static List<Finding> apiToken(Checkup checkup, String token, Instant now) {
    String id = token.substring(4, Math.max(4, token.indexOf('_', 4)));
    Answer answer;
    try {
      answer = checkup.federation().exchange("api/v1/tokens");
    } catch (FederationException e) {
      return List.of(Finding.warn(TOKEN, e.getMessage(), null));
    }
    if (answer.code() == 403) {
      return List.of(
          Finding.warn(
              TOKEN,
              "when API token " + id + " expires is for admins to see (GET /api/v1/tokens)",
              "ask an admin when token " + id + " expires"));
    }
    if (answer.code() != 200) {
      return List.of(
          Finding.warn(TOKEN, "GET /api/v1/tokens answered HTTP " + answer.code(), null));
    }
    List<Finding> findings = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (JsonNode item : Json.list(answer.json(), "items")) {
      String itemId = Json.text(item, "id");
      Instant expires = Json.instant(item, "expiresAt");
      if (id.equals(itemId)) {
        findings.add(
            expires == null
                ? Finding.ok(TOKEN, "API token " + id + " does not expire")
                : ExpiryCheck.judge(
                    TOKEN,
                    "API token " + id,
                    expires,
                    now,
                    "ask an admin for a new token (POST /api/v1/tokens) and put it in the"
                        + " kubeconfig"));
      } else if (expires != null
          && Json.text(item, "revokedAt") == null
          && expires.isAfter(now)
          && expires.isBefore(now.plus(Checkup.EXPIRY_WARNING))) {
        others.add(
            Json.text(item, "name")
                + " ("
                + itemId
                + ") in "
                + Ages.of(Duration.between(now, expires)));
      }
    }
    if (findings.isEmpty()) {
      findings.add(
          Finding.warn(TOKEN, "API token " + id + " is not among the federation's tokens", null));
    }
    if (!others.isEmpty()) {
      findings.add(
          Finding.warn(
              TOKEN,
              (others.size() == 1
                      ? "1 other API token expires"
                      : others.size() + " other API tokens expire")
                  + " within 30 days: "
                  + String.join(", ", others),
              "issue their successors (POST /api/v1/tokens) and hand them over"));
    }
    return findings;
  }

  private static Finding jwt(String token, Instant now) {
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
      JsonNode exp = claims.path("exp");
      if (!exp.isNumber()) {
        return Finding.ok(TOKEN, "the kubeconfig's JWT has no expiry");
      }
      return ExpiryCheck.judge(
          TOKEN,
          "the kubeconfig's JWT",
          Instant.ofEpochSecond(exp.longValue()),
          now,
          "log in again to your identity provider for a new token");
    } catch (IOException | IllegalArgumentException e) {
      return Finding.warn(TOKEN, "the kubeconfig's token looks like a JWT but is not one", null);
    }
  }

  private static X509Certificate clientCertificate(Config config)
      throws IOException, GeneralSecurityException {
    byte[] pem;
    if (config.getClientCertData() != null) {
      pem = Base64.getDecoder().decode(config.getClientCertData().trim());
    } else if (config.getClientCertFile() != null) {
      pem = Files.readAllBytes(Path.of(config.getClientCertFile()));
    } else {
      return null;
    }
    try (InputStream in = new ByteArrayInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }
}
