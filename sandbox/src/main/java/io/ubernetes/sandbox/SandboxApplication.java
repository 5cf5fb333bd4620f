package io.ubernetes.sandbox;

import io.ubernetes.federation.FederationApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A whole federation on one machine: the federation service on its embedded PostgreSQL and
 * simulated member clusters with real agents, in one process. With {@code --federation-url} the
 * simulated clusters attach to a federation running elsewhere instead.
 *
 * <p>Flags: {@code --clusters=N} (a generated fleet), {@code --config=fleet.yaml}, {@code
 * --federation-url=http://host:8080 --join-token=... --admin-token=...} (with {@code
 * --federation-ca-file=ca.pem} for an https URL), {@code --no-tls} (the federation serves plain
 * HTTP instead of HTTPS with a self-signed certificate its agents and its kubeconfig trust, the
 * default; {@code --tls} is accepted for that default); any {@code --ubernetes.*}, {@code
 * --server.*} or {@code --spring.*} setting. With a federation of its own, the federation's DNS
 * server runs too, on 127.0.0.1:5353 unless {@code --ubernetes.dns.*} says otherwise.
 */
public final class SandboxApplication {
  private static final Map<String, String> SHORT_FLAGS =
      Map.of(
          "--clusters=", "--ubernetes.sandbox.clusters=",
          "--config=", "--ubernetes.sandbox.config=",
          "--federation-url=", "--ubernetes.sandbox.federation-url=",
          "--join-token=", "--ubernetes.sandbox.join-token=",
          "--admin-token=", "--ubernetes.sandbox.admin-token=",
          "--federation-ca-file=", "--ubernetes.sandbox.federation-ca-file=");

  private SandboxApplication() {}

  public static void main(String[] args) {
    run(args);
  }

  /** Starts the sandbox, with a federation of its own or attached to one elsewhere. */
  static ConfigurableApplicationContext run(String[] args) {
    String[] settings = settings(args);
    if (attached(settings)) {
      return new SpringApplicationBuilder(AttachedSandbox.class)
          .properties(
              // Not the federation's application.yaml: this process has no database.
              "spring.config.name=ubernetes-sandbox",
              "server.port=8090",
              "server.address=127.0.0.1",
              "spring.application.name=ubernetes-sandbox",
              "spring.autoconfigure.exclude="
                  + String.join(
                      ",",
                      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                      "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
                      "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
                      "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
                      "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
                      "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
                      "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
                      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
                      "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
                      // Its control API listens on the loopback only and holds no federation data.
                      "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
                      "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
                      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
                      "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
                      "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
                      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
                      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"))
          .run(settings);
    }
    return new SpringApplicationBuilder(FederationApplication.class, SandboxBeans.class)
        // Defaults, below any flag: the sandbox answers for its services over DNS out of the box
        // (127.0.0.1:5353 unless --ubernetes.dns.port or --ubernetes.dns.enabled=false say
        // otherwise).
        .properties("ubernetes.dns.enabled=true")
        .run(settings);
  }

  /** {@code --clusters=4} and the like become the sandbox's properties. */
  static String[] settings(String[] args) {
    List<String> settings = new ArrayList<>();
    if (servesTls(args)) {
      settings.addAll(tls(args));
    }
    for (String arg : args) {
      if (arg.equals("--tls") || arg.equals("--no-tls")) {
        continue;
      }
      String translated = arg;
      for (Map.Entry<String, String> flag : SHORT_FLAGS.entrySet()) {
        if (arg.startsWith(flag.getKey())) {
          translated = flag.getValue() + arg.substring(flag.getKey().length());
        }
      }
      settings.add(translated);
    }
    return settings.toArray(String[]::new);
  }

  /**
   * HTTPS, unless {@code --no-tls}: a fresh self-signed certificate in {@code <data
   * directory>/tls}, served through the Spring SSL bundle {@code ubernetes} (the settings a real
   * deployment gives as {@code SERVER_SSL_BUNDLE} and {@code
   * SPRING_SSL_BUNDLE_PEM_UBERNETES_KEYSTORE_*}), and trusted by the simulated clusters' agents.
   */
  private static List<String> tls(String[] args) {
    String data = "data";
    for (String arg : args) {
      if (arg.startsWith("--ubernetes.agents.data-directory=")) {
        data = arg.substring(arg.indexOf('=') + 1);
      }
    }
    SelfSignedCertificate.PemFiles pem = SelfSignedCertificate.write(Path.of(data, "tls"));
    return List.of(
        "--server.ssl.bundle=ubernetes",
        "--spring.ssl.bundle.pem.ubernetes.keystore.certificate=file:" + pem.certificate(),
        "--spring.ssl.bundle.pem.ubernetes.keystore.private-key=file:" + pem.privateKey(),
        "--ubernetes.sandbox.federation-ca-file=" + pem.certificate());
  }

  /**
   * Whether the sandbox makes its federation serve HTTPS with a certificate of its own: by default,
   * since kubectl sends its token only over HTTPS; not with {@code --no-tls}, not when attached to
   * a federation elsewhere, and not when {@code --server.ssl.*} settings bring a certificate.
   */
  static boolean servesTls(String[] args) {
    boolean tls = true;
    for (String arg : args) {
      if (arg.equals("--no-tls")
          || arg.startsWith("--federation-url=")
          || arg.startsWith("--ubernetes.sandbox.federation-url=")
          || arg.startsWith("--server.ssl.")) {
        tls = false;
      }
    }
    return tls;
  }

  private static boolean attached(String[] settings) {
    for (String setting : settings) {
      if (setting.startsWith("--ubernetes.sandbox.federation-url=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The sandbox's own beans, named here: the federation's component scan covers the federation's
   * packages only.
   */
  @Import({SandboxConfiguration.class, SandboxController.class})
  static class SandboxBeans {}

  /** The sandbox without a federation of its own: only its control API and its clusters. */
  @EnableAutoConfiguration
  @Import(SandboxBeans.class)
  static class AttachedSandbox {}
}
