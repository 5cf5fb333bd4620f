package io.ubernetes.sandbox;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.federation.discovery.DnsProperties;
import io.ubernetes.federation.discovery.EmbeddedDnsServer;
import io.ubernetes.federation.security.JoinProperties;
import io.ubernetes.federation.security.SecurityProperties;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.ClusterStates;
import io.ubernetes.sandbox.cluster.UnreadableStateException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

/**
 * Plans the sandbox as its context starts (a fleet or a saved state that cannot be used stops it
 * there), starts it once the process serves HTTP (a local federation must be up before its agents
 * join), prints progress and, when every cluster's agent heartbeats, a banner with what to try;
 * stops it before the federation stops.
 */
final class SandboxRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(SandboxRunner.class);

  private final SandboxProperties properties;
  private final ObjectProvider<JoinProperties> localFederation;
  private final ObjectProvider<SecurityProperties> localSecurity;
  private final ObjectProvider<EmbeddedDnsServer> localDns;
  private final ObjectProvider<DnsProperties> dnsNames;
  private final AddressRanges ranges = new AddressRanges();
  private final CountDownLatch started = new CountDownLatch(1);
  private volatile ClusterStates states;
  private volatile FleetPlan plan;
  private volatile Sandbox sandbox;
  private volatile boolean running;
  private volatile RuntimeException failure;

  SandboxRunner(
      SandboxProperties properties,
      ObjectProvider<JoinProperties> localFederation,
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
      SandboxTokens tokens =
          new SandboxTokens(
              properties, localFederation.getIfAvailable(), localSecurity.getIfAvailable());
      String token = tokens.joinToken();
      String admin = tokens.adminToken();
      log.info(
          "Starting the sandbox: {} simulated clusters for the federation at {}",
          plan.starts().size(),
          federation);
      // Heartbeat times are whole seconds; none of an earlier run is from this second or later.
      Instant since = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      sandbox =
          Sandbox.start(
              plan,
              ranges,
              new Sandbox.Settings(
                  federation,
                  token,
                  admin,
                  properties.federationCaFile(),
                  AgentConfig.Timings.defaults(properties.heartbeatInterval()),
                  states));
      started.countDown();
      List<Banner.LeftOut> leftOut = StartReport.leftOut(sandbox, plan.leftOut());
      awaitReady(plan.starts().stream().map(s -> s.definition().name()).toList(), since);
      Sandbox current = sandbox;
      if (running && current != null) {
        System.out.println(
            Banner.text(
                new Banner.Facts(
                    federation,
                    self,
                    token,
                    admin,
                    properties.federationCaFile(),
                    kubeconfig(),
                    current.clusters(),
                    dns(),
                    StartReport.examples(current),
                    leftOut,
                    StartReport.withoutAgent(current))));
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

  /** The kubeconfig the local federation wrote, or null (attached, or none written). */
  private Path kubeconfig() {
    JoinProperties local = localFederation.getIfAvailable();
    if (local == null || properties.federationUrl() != null) {
      return null;
    }
    Path file = local.dataDirectory().resolve("kubeconfig");
    return Files.isRegularFile(file) ? file : null;
  }

  /** Where the clusters keep their objects: {@code <data directory>/clusters}. */
  private Path dataDirectory() {
    if (properties.dataDirectory() != null) {
      return properties.dataDirectory();
    }
    JoinProperties local = localFederation.getIfAvailable();
    return local != null && properties.federationUrl() == null
        ? local.dataDirectory()
        : Path.of("data");
  }

  private FleetPlan plan() {
    List<ClusterDefinition> fleet;
    try {
      fleet = fleet();
    } catch (IllegalArgumentException e) {
      throw new SandboxSetupException(
          "The sandbox's clusters are not valid: " + e.getMessage(),
          "Correct the file of --config (see sandbox/README.md, \"Simulated member clusters\"),"
              + " or --clusters.",
          e);
    }
    try {
      return FleetPlan.of(fleet, states.load(), ranges);
    } catch (UnreadableStateException e) {
      throw new SandboxSetupException(
          "The saved state of simulated cluster "
              + e.cluster()
              + " cannot be read: "
              + e.file().toAbsolutePath()
              + ": "
              + e.reason(),
          "Repair the file, or restore it from a copy, and start the sandbox again. To start"
              + " cluster "
              + e.cluster()
              + " empty instead, move the directory "
              + e.file().toAbsolutePath().getParent()
              + " out of "
              + states.directory().toAbsolutePath()
              + ": its agent then joins the federation again (the sandbox rotates its credential)"
              + " and receives its workloads anew.",
          e);
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      throw new SandboxSetupException(
          "The simulated clusters' saved states cannot be read: " + e.getMessage(),
          "Check " + states.directory().toAbsolutePath() + " and the permissions on it.",
          e);
    }
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

  /**
   * Waits until every started cluster is Ready with a heartbeat of this run: the Ready conditions
   * an earlier run left say nothing about the agents of this one.
   */
  private void awaitReady(List<String> names, Instant since) {
    long deadline = System.nanoTime() + properties.readyTimeout().toNanos();
    long ready = 0;
    try {
      while (System.nanoTime() < deadline && running) {
        Sandbox current = sandbox;
        if (current == null) {
          return;
        }
        ready =
            current
                .admin()
                .clusters()
                .valueStream()
                .filter(c -> names.contains(c.at("/metadata/name").asString()))
                .filter(SandboxRunner::isReady)
                .filter(c -> heartbeatSince(c, since))
                .count();
        if (ready >= names.size()) {
          log.info("All {} simulated clusters are Ready", names.size());
          return;
        }
        Thread.sleep(500);
      }
    } catch (IllegalStateException e) {
      log.warn("Cannot follow the clusters' readiness: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (running) {
      log.warn(
          "{} of {} simulated clusters are Ready after {}",
          ready,
          names.size(),
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

  private static boolean heartbeatSince(JsonNode cluster, Instant since) {
    String last = cluster.at("/status/lastHeartbeatTime").asString("");
    return !last.isEmpty() && !Instant.parse(last).isBefore(since);
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

  /** How long a simulated pod of a cluster added at run time takes, unless it says. */
  Duration startDelay() {
    return properties.startDelay();
  }

  /** Plans the start: the fleet is read and every saved state checked before anything runs. */
  @Override
  public void start() {
    states = ClusterStates.in(dataDirectory().resolve("clusters"));
    plan = plan();
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
