package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.security.JoinProperties;
import io.ubernetes.federation.security.SecurityProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Collections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerSslBundle;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Writes {@code <data directory>/kubeconfig} once the service listens: its URL ({@code https} with
 * the certificate's CA when it serves TLS), the first admin's token, and a context named {@code
 * ubernetes}. Rewritten at every start where the address, the certificate or the token changed.
 * {@code ubernetes.kubeconfig.server} gives the URL when clients reach the service by another name
 * (a load balancer); {@code ubernetes.kubeconfig.enabled=false} writes nothing.
 */
@Component
class KubeconfigWriter {
  private static final Logger log = LoggerFactory.getLogger(KubeconfigWriter.class);

  private final JoinProperties files;
  private final SecurityProperties security;
  private final ObjectProvider<ServerProperties> server;
  private final ObjectProvider<SslBundles> sslBundles;
  private final Environment environment;

  KubeconfigWriter(
      JoinProperties files,
      SecurityProperties security,
      ObjectProvider<ServerProperties> server,
      ObjectProvider<SslBundles> sslBundles,
      Environment environment) {
    this.files = files;
    this.security = security;
    this.server = server;
    this.sslBundles = sslBundles;
    this.environment = environment;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    if (!environment.getProperty("ubernetes.kubeconfig.enabled", Boolean.class, true)
        || !(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
      return;
    }
    ServerProperties settings = server.getIfAvailable();
    // Whichever way TLS is configured (an SSL bundle, or server.ssl's key store or PEM files).
    Ssl ssl = settings == null ? null : settings.getSsl();
    boolean tls = Ssl.isEnabled(ssl);
    String url =
        environment.getProperty(
            "ubernetes.kubeconfig.server",
            (tls ? "https" : "http") + "://" + host() + ":" + web.getWebServer().getPort());
    Kubeconfig kubeconfig = new Kubeconfig(url, tls ? certificateAuthority(ssl) : null, token());
    Path file = files.dataDirectory().resolve("kubeconfig");
    if (kubeconfig.writeTo(file)) {
      log.info(
          "kubeconfig for {} written to {}{}",
          url,
          file.toAbsolutePath(),
          tls ? "" : " (kubectl sends no token over http: serve TLS to use it with kubectl)");
    }
  }

  /** Where clients on this machine reach the service: its address, unless it is every address. */
  private String host() {
    String address = environment.getProperty("server.address", "");
    if (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) {
      return "127.0.0.1";
    }
    return address.contains(":") ? "[" + address + "]" : address;
  }

  /** The configured admin token, else the one generated on the first start. */
  private String token() {
    String configured = security.bootstrapAdminToken();
    if (configured != null && !configured.isBlank()) {
      return configured.strip();
    }
    Path generated = files.dataDirectory().resolve("admin-token");
    try {
      return Files.isReadable(generated) ? Files.readString(generated).strip() : null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + generated, e);
    }
  }

  /**
   * The last certificate of the served chain: the CA that signed it, or the certificate itself when
   * it is self-signed, as PEM; null when the key store holds none.
   */
  private String certificateAuthority(Ssl ssl) {
    KeyStore keys =
        WebServerSslBundle.get(ssl, sslBundles.getIfAvailable()).getStores().getKeyStore();
    if (keys == null) {
      return null;
    }
    try {
      for (String alias : Collections.list(keys.aliases())) {
        Certificate[] chain = keys.getCertificateChain(alias);
        if (chain != null && chain.length > 0) {
          return pem(chain[chain.length - 1]);
        }
      }
    } catch (KeyStoreException | CertificateEncodingException e) {
      throw new IllegalStateException("cannot read the server's certificate", e);
    }
    return null;
  }

  private static String pem(Certificate certificate) throws CertificateEncodingException {
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(certificate.getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
