package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.federation.FederationTrust;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox as it starts by default: the federation serves HTTPS from PEM files (its Spring SSL
 * bundle), real agents join, heartbeat and pull work over HTTPS, trusting that certificate only,
 * and the kubeconfig the federation writes names the HTTPS URL, the certificate and the token.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsE2E {

  @Test
  void agentsJoinAndReportOverHttpsTrustingTheFederationsCertificate(
      @TempDir Path data, CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext sandbox =
        SandboxApplication.run(
            new String[] {
              "--clusters=2",
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
              "--ubernetes.kubeconfig.enabled=true",
              "--ubernetes.security.bootstrap-admin-token=" + Http.ADMIN_TOKEN,
              "--ubernetes.sandbox.heartbeat-interval=1s",
              "--ubernetes.sandbox.start-delay=200ms",
              "--ubernetes.dns.port=0"
            })) {
      int port = ((WebServerApplicationContext) sandbox).getWebServer().getPort();
      URI https = URI.create("https://127.0.0.1:" + port);
      Path certificate = data.resolve("tls/sandbox-tls.crt").toAbsolutePath();
      Http api =
          new Http(
              https,
              Http.ADMIN_TOKEN,
              HttpClient.newBuilder().sslContext(FederationTrust.sslContext(certificate)).build());

      await()
          .atMost(Duration.ofSeconds(90))
          .untilAsserted(
              () ->
                  assertThat(
                          api.get("/api/v1/clusters")
                              .json()
                              .path("items")
                              .valueStream()
                              .filter(
                                  c ->
                                      "True"
                                          .equals(
                                              FleetHarness.condition(c.path("status"), "Ready")))
                              .filter(
                                  c ->
                                      "True"
                                          .equals(
                                              FleetHarness.condition(c.path("status"), "Joined")))
                              .count())
                      .isEqualTo(2));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> output.getOut().contains("=== Ubernetes sandbox"));

      Path kubeconfig = data.resolve("kubeconfig").toAbsolutePath();
      assertThat(output.getOut())
          .contains("Federation API : " + https)
          .contains("export CURL_CA_BUNDLE=" + certificate)
          .contains("export KUBECONFIG=" + kubeconfig);
      String written = Files.readString(kubeconfig);
      assertThat(Files.getPosixFilePermissions(kubeconfig))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
      assertThat(written)
          .contains("server: \"" + https + "\"")
          .contains("token: \"" + Http.ADMIN_TOKEN + "\"")
          .contains("current-context: ubernetes");
      String authority =
          written
              .lines()
              .filter(line -> line.strip().startsWith("certificate-authority-data:"))
              .map(line -> line.substring(line.indexOf(':') + 1).strip())
              .findFirst()
              .orElseThrow();
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      try (InputStream served = Files.newInputStream(certificate)) {
        assertThat(
                x509.generateCertificate(
                    new ByteArrayInputStream(Base64.getDecoder().decode(authority))))
            .isEqualTo(x509.generateCertificate(served));
      }
      assertThatThrownBy(() -> new Http(https).get("/api/v1/clusters"))
          .as("a client that does not trust the certificate")
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }
}
