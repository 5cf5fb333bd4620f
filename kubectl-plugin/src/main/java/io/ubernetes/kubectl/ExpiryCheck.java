package io.ubernetes.kubectl;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates and tokens that expire within {@link Checkup#EXPIRY_WARNING}: the certificate the
 * service presents in its TLS handshake, and the kubeconfig context's own credential ({@link
 * TokenExpiry}). Member agents' credentials do not expire (they are rotated on demand), so there is
 * nothing to check for them.
 */
final class ExpiryCheck implements Checkup.Check {
  static final String TLS = "tls";

  @Override
  public List<Finding> run(Checkup checkup) {
    List<Finding> findings = new ArrayList<>();
    findings.add(tls(checkup));
    findings.addAll(TokenExpiry.of(checkup));
    return findings;
  }

  private static Finding tls(Checkup checkup) {
    URI server = URI.create(checkup.federation().server());
    if (!"https".equalsIgnoreCase(server.getScheme())) {
      return Finding.warn(
          TLS,
          server + " is plain HTTP: no certificate, and the token crosses the network unencrypted",
          "serve HTTPS (server.ssl.*, README \"Configuration\")");
    }
    List<X509Certificate> chain;
    try {
      chain = ServerCertificates.of(server);
    } catch (IOException e) {
      return Finding.fail(
          TLS,
          "no TLS handshake with " + server + ": " + e.getMessage(),
          "check the service's certificate and key (server.ssl.*)");
    }
    X509Certificate leaf = chain.get(0);
    return judge(
        TLS,
        "the service's certificate (" + leaf.getSubjectX500Principal().getName() + ")",
        leaf.getNotAfter().toInstant(),
        checkup.clock().instant(),
        "renew the certificate the service serves (server.ssl.*) before it expires");
  }

  /** OK, WARN within {@link Checkup#EXPIRY_WARNING}, FAIL once expired. */
  static Finding judge(String check, String what, Instant expires, Instant now, String action) {
    if (!expires.isAfter(now)) {
      return Finding.fail(
          check,
          what + " expired " + Ages.of(Duration.between(expires, now)) + " ago (" + expires + ")",
          action);
    }
    String left =
        what + " expires in " + Ages.of(Duration.between(now, expires)) + " (" + expires + ")";
    return expires.isBefore(now.plus(Checkup.EXPIRY_WARNING))
        ? Finding.warn(check, left, action)
        : Finding.ok(check, left);
  }
}
