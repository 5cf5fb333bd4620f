package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ubernetes.agent.federation.FederationTrust;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sandbox with {@code --tls}: the federation serves HTTPS from PEM files (its Spring SSL
 * bundle), and real agents join, heartbeat and pull work over HTTPS, trusting that certificate
 * only.
 */
@ExtendWith(OutputCaptureExtension.class)
class TlsE2E {

  @Test
  void agentsJoinAndReportOverHttpsTrustingTheFederationsCertificate(
      @TempDir Path data, CapturedOutput output) {
    try (ConfigurableApplicationContext sandbox =
        SandboxApplication.run(
            new String[] {
              "--tls",
              "--clusters=2",
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
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

      assertThat(output.getOut())
          .contains("Federation API : " + https)
          .contains("export CURL_CA_BUNDLE=" + certificate);
      assertThatThrownBy(() -> new Http(https).get("/api/v1/clusters"))
          .as("a client that does not trust the certificate")
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(SSLHandshakeException.class);
    }
  }
}
