package io.ubernetes.federation.testing;

import io.ubernetes.federation.FederationApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Replicas of the service in this JVM on one database, as operators run several behind a load
 * balancer: a fresh embedded PostgreSQL for each test, replicas started on it on random loopback
 * ports with the scheduler off, and at the end of the test every replica still open closed, then
 * the database. {@link ServiceJvms} is the same with a JVM for each service. Registered as an
 * extension field: {@code @RegisterExtension final ServiceReplicas replicas = new
 * ServiceReplicas();}.
 */
public final class ServiceReplicas implements BeforeEachCallback, AfterEachCallback {
  private final List<ConfigurableApplicationContext> started = new ArrayList<>();
  private EmbeddedPostgres postgres;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      // Closing a replica the test closed already does nothing.
      started.reversed().forEach(ConfigurableApplicationContext::close);
    } finally {
      started.clear();
      if (postgres != null) {
        postgres.close();
        postgres = null;
      }
    }
  }

  /**
   * A replica on the test's database, serving once this returns.
   *
   * @param settings {@code --name=value} arguments; one that names a setting the replicas have by
   *     default ({@code --server.port=0}, {@code --ubernetes.scheduler.enabled=false}) replaces it
   */
  public ConfigurableApplicationContext start(String... settings) {
    Map<String, String> arguments = new LinkedHashMap<>();
    for (String setting :
        List.of(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=jdbc:postgresql://127.0.0.1:"
                + postgres.getPort()
                + "/postgres",
            "--spring.datasource.username=postgres",
            "--ubernetes.scheduler.enabled=false",
            "--ubernetes.agents.join-token=test-join-token",
            "--" + ApiClient.ADMIN_TOKEN_PROPERTY)) {
      arguments.put(name(setting), setting);
    }
    for (String setting : settings) {
      arguments.put(name(setting), setting);
    }
    ConfigurableApplicationContext replica =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(arguments.values().toArray(String[]::new));
    started.add(replica);
    return replica;
  }

  /** The test's database, as its superuser, to look at or change what the replicas stored. */
  public DataSource database() {
    return postgres.getPostgresDatabase();
  }

  public static int port(ConfigurableApplicationContext replica) {
    return ((WebServerApplicationContext) replica).getWebServer().getPort();
  }

  /** A client of {@code replica} with the admin token. */
  public static ApiClient api(ConfigurableApplicationContext replica) {
    return new ApiClient(port(replica));
  }

  // Spring joins the values of an argument given twice instead of taking the last one.
  private static String name(String setting) {
    int equals = setting.indexOf('=');
    return equals < 0 ? setting : setting.substring(0, equals);
  }
}
