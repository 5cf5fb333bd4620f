package io.ubernetes.sandbox;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agents.AgentProperties;
import io.ubernetes.discovery.DnsProperties;
import io.ubernetes.discovery.EmbeddedDnsServer;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.security.SecurityProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts the sandbox once the process serves HTTP (a local federation must be up before its agents
 * join), prints progress and, when every cluster is Ready, a banner with what to try; stops it
 * before the federation stops.
 */
final class SandboxRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SandboxRunner.class);

  private final SandboxProperties properties;
  private final ObjectProvider<AgentProperties> localFederation;
  private final ObjectProvider<SecurityProperties> localSecurity;
  private final ObjectProvider<EmbeddedDnsServer> localDns;
  private final ObjectProvider<DnsProperties> dnsNames;
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile Sandbox sandbox;
  private volatile boolean running;
  private volatile RuntimeException failure;

  SandboxRunner(
      SandboxProperties properties,
      ObjectProvider<AgentProperties> localFederation,
      ObjectProvider<SecurityProperties> localSecurity,
      ObjectProvider<EmbeddedDnsServer> localDns,
      ObjectProvider<DnsProperties> dnsNames) {
    this.properties = properties;
    this.localFederation = localFederation;
    this.localSecurity = localSecurity;
    this.localDns = localDns;
    this.dnsNames = dnsNames;
  }

  @EventListener
  void ready(ApplicationReadyEvent event) {
    int port =
        ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
    boolean tls =
        !event
            .getApplicationContext()
            .getEnvironment()
            .getProperty("server.ssl.bundle", "")
            .isBlank();
    URI self = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
    URI federation = properties.federationUrl() != null ? properties.federationUrl() : self;
    Thread.ofPlatform().name("sandbox-start").daemon().start(() -> start(federation, self));
  }

  private void start(URI federation, URI self) {
    try {
      List<ClusterDefinition> fleet = fleet();
      String token = joinToken();
      String admin = adminToken();
      log.info(
          "Starting the sandbox: {} simulated clusters for the federation at {}",
          fleet.size(),
          federation);
      sandbox =
          Sandbox.start(
              fleet,
              federation,
              token,
              admin,
              properties.federationCaFile(),
              AgentConfig.Timings.defaults(properties.heartbeatInterval()));
      started.countDown();
      awaitReady(federation, admin, fleet.size());
      Sandbox current = sandbox;
      if (running && current != null) {
        System.out.println(
            Banner.text(
                federation,
                self,
                token,
                admin,
                properties.federationCaFile(),
                current.clusters(),
                dns()));
      }
    } catch (RuntimeException e) {
      failure = e;
      started.countDown();
      log.error("The sandbox could not start: {}", e.getMessage(), e);
    }
  }

  /** The local federation's DNS server, or null without one (disabled, or attached elsewhere). */
  private Banner.Dns dns() {
    EmbeddedDnsServer server = localDns.getIfAvailable();
    DnsProperties names = dnsNames.getIfAvailable();
    if (server == null || names == null || !server.isRunning()) {
      return null;
    }
    return new Banner.Dns(server.address(), names.domain(), names.federation());
  }

  private List<ClusterDefinition> fleet() {
    if (properties.config() != null) {
      return ClusterFleet.fromFile(properties.config(), properties.startDelay());
    }
    if (properties.clusters() != null) {
      return ClusterFleet.generated(properties.clusters(), properties.startDelay());
    }
    return ClusterFleet.defaults(properties.startDelay());
  }

  private String joinToken() {
    if (properties.joinToken() != null && !properties.joinToken().isBlank()) {
      return properties.joinToken();
    }
    AgentProperties local = localFederation.getIfAvailable();
    if (properties.federationUrl() != null || local == null) {
      throw new IllegalStateException(
          "--join-token is required with --federation-url (the federation prints it on its first"
              + " start and keeps it in <data directory>/join-token)");
    }
    if (local.joinToken() != null && !local.joinToken().isBlank()) {
      return local.joinToken();
    }
    Path file = local.dataDirectory().resolve("join-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the join token from "
              + file.toAbsolutePath()
              + " (set ubernetes.agents.join-token, or delete the database to start afresh)",
          e);
    }
  }

  /** The admin token: given, configured for the local federation, or from its data directory. */
  private String adminToken() {
    if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
      return properties.adminToken();
    }
    AgentProperties local = localFederation.getIfAvailable();
    SecurityProperties security = localSecurity.getIfAvailable();
    if (properties.federationUrl() != null || local == null || security == null) {
      throw new IllegalStateException(
          "--admin-token is required with --federation-url (the federation prints one on its"
              + " first start and keeps it in <data directory>/admin-token)");
    }
    if (security.bootstrapAdminToken() != null && !security.bootstrapAdminToken().isBlank()) {
      return security.bootstrapAdminToken().strip();
    }
    Path file = local.dataDirectory().resolve("admin-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the admin token from "
              + file.toAbsolutePath()
              + " (set ubernetes.security.bootstrap-admin-token, or delete the database to start"
              + " afresh)",
          e);
    }
  }

  private void awaitReady(URI federation, String adminToken, int count) {
    JsonMapper json = JsonMapper.builder().build();
    long deadline = System.nanoTime() + properties.readyTimeout().toNanos();
    long ready = 0;
    try (HttpClient http = Sandbox.httpClient(properties.federationCaFile())) {
      while (System.nanoTime() < deadline && running) {
        Sandbox current = sandbox;
        if (current == null) {
          return;
        }
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(federation.resolve("/api/v1/clusters"))
                    .header("Authorization", "Bearer " + adminToken)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode items = json.readTree(answer.body()).path("items");
        ready =
            items
                .valueStream()
                .filter(c -> current.cluster(c.at("/metadata/name").asString()).isPresent())
                .filter(SandboxRunner::isReady)
                .count();
        if (ready >= count) {
          log.info("All {} simulated clusters are Ready", count);
          return;
        }
        Thread.sleep(500);
      }
    } catch (IOException e) {
      log.warn("Cannot follow the clusters' readiness: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running) {
      log.warn(
          "{} of {} simulated clusters are Ready after {}",
          ready,
          count,
          properties.readyTimeout());
    }
  }

  private static boolean isReady(JsonNode cluster) {
    return cluster
        .at("/status/conditions")
        .valueStream()
        .anyMatch(
            c ->
                "Ready".equals(c.path("type").asString())
                    && "True".equals(c.path("status").asString()));
  }

  /** The running sandbox, once its clusters started; waits up to {@code timeout} for it. */
  Optional<Sandbox> sandbox(Duration timeout) {
    try {
      started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    return Optional.ofNullable(sandbox);
  }

  @Override
  public void start() {
    running = true;
  }

  /** Agents and clusters stop first, then the federation (a later phase) stops. */
  @Override
  public void stop() {
    running = false;
    Sandbox current = sandbox;
    if (current != null) {
      current.close();
      sandbox = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
