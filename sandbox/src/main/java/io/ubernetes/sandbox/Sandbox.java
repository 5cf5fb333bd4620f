package io.ubernetes.sandbox;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agent.MemberAgent;
import io.ubernetes.agent.federation.FederationTrust;
import io.ubernetes.agent.sync.ApplyMode;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated member clusters, each with a real member agent that reaches the federation through a
 * link the sandbox can cut. The clusters are registered with the federation first (their location
 * and prices), so their agents join clusters the federation already knows.
 */
final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  /** One simulated cluster and what runs for it. */
  private record Member(SimulatedCluster cluster, FederationLink link, MemberAgent agent) {}

  /** A simulated cluster as the control API shows it. */
  record ClusterView(
      String name,
      String region,
      String zone,
      String provider,
      String tier,
      String state,
      boolean partitioned,
      String apiServer,
      Object simulation) {}

  private final URI federation;
  private final String adminToken;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final HttpClient http;

  private Sandbox(URI federation, String adminToken, Path caFile) {
    this.federation = federation;
    this.adminToken = adminToken;
    this.http = httpClient(caFile);
  }

  /** A client of the federation: trusting {@code caFile} when given, else the JDK's defaults. */
  static HttpClient httpClient(Path caFile) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (caFile != null) {
      builder.sslContext(FederationTrust.sslContext(caFile));
    }
    return builder.build();
  }

  /**
   * Starts every cluster and its agent.
   *
   * @param adminToken an admin API token, to register the clusters
   * @param caFile the certificates to trust for an https federation, or null for the JDK's
   * @param timings the agents' timings
   */
  static Sandbox start(
      List<ClusterDefinition> fleet,
      URI federation,
      String joinToken,
      String adminToken,
      Path caFile,
      AgentConfig.Timings timings) {
    Sandbox sandbox = new Sandbox(federation, adminToken, caFile);
    try {
      for (ClusterDefinition definition : fleet) {
        sandbox.add(definition, joinToken, caFile, timings);
      }
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  private void add(
      ClusterDefinition definition, String joinToken, Path caFile, AgentConfig.Timings timings) {
    SimulatedCluster cluster = SimulatedCluster.start(definition);
    FederationLink link = null;
    try {
      register(definition);
      link = FederationLink.to(definition.name(), federation);
      AgentConfig config =
          AgentConfig.of(link.url(federation), definition.name(), joinToken)
              .withHealthAddress(new InetSocketAddress("127.0.0.1", 0))
              // The simulated API server has no server-side apply: create or update instead.
              .withApplyMode(ApplyMode.UPDATE)
              .withTopology(
                  new AgentConfig.Topology(
                      definition.region(),
                      definition.zone(),
                      definition.provider(),
                      definition.tier()))
              .withTimings(timings)
              .withFederationCaFile(caFile);
      MemberAgent agent = MemberAgent.start(config, cluster.newClient());
      members.put(definition.name(), new Member(cluster, link, agent));
      log.info(
          "Simulated cluster {} ({}, {}, {}) runs, API server at {}",
          definition.name(),
          definition.region(),
          definition.zone(),
          definition.tier(),
          cluster.apiServerUrl());
    } catch (RuntimeException e) {
      if (link != null) {
        link.close();
      }
      cluster.close();
      throw e;
    }
  }

  /** Registers the cluster with its location and prices, or updates the prices if it exists. */
  private void register(ClusterDefinition definition) {
    String cost =
        definition.cpuCoreHour() == null
            ? ""
            : String.format(
                Locale.ROOT,
                ", \"cost\": {\"cpuCoreHour\": %s, \"memoryGiBHour\": %s}",
                definition.cpuCoreHour(),
                definition.memoryGiBHour() == null ? 0 : definition.memoryGiBHour());
    String spec =
        String.format(
            Locale.ROOT,
            "{\"region\": \"%s\", \"zone\": \"%s\", \"provider\": \"%s\", \"tier\": \"%s\"%s}",
            definition.region(),
            definition.zone(),
            definition.provider(),
            definition.tier(),
            cost);
    int created =
        send(
            "POST",
            "/api/v1/clusters",
            "application/json",
            "{\"metadata\": {\"name\": \"" + definition.name() + "\"}, \"spec\": " + spec + "}");
    if (created == 409) {
      created =
          send(
              "PATCH",
              "/api/v1/clusters/" + definition.name(),
              "application/merge-patch+json",
              "{\"spec\": " + spec + "}");
    }
    if (created / 100 != 2) {
      throw new IllegalStateException(
          "the federation refused cluster " + definition.name() + " (HTTP " + created + ")");
    }
  }

  private int send(String method, String path, String contentType, String body) {
    try {
      return http.send(
              HttpRequest.newBuilder(federation.resolve(path))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", contentType)
                  .header("Authorization", "Bearer " + adminToken)
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach the federation at " + federation + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The simulated cluster of this name, for tests and tools that look inside it. */
  SimulatedCluster member(String name) {
    Member member = members.get(name);
    if (member == null) {
      throw new IllegalArgumentException("no simulated cluster named " + name);
    }
    return member.cluster();
  }

  List<ClusterView> clusters() {
    List<ClusterView> views = new ArrayList<>();
    members.values().forEach(member -> views.add(view(member)));
    return views;
  }

  Optional<ClusterView> cluster(String name) {
    return Optional.ofNullable(members.get(name)).map(Sandbox::view);
  }

  /** The cluster's API server stops answering; its agent reports it unreachable. */
  Optional<ClusterView> fail(String name) {
    return act(name, member -> member.cluster().fail());
  }

  Optional<ClusterView> recover(String name) {
    return act(name, member -> member.cluster().recover());
  }

  /** The cluster's agent is cut off from the federation; the cluster itself runs on. */
  Optional<ClusterView> partition(String name) {
    return act(name, member -> member.link().partition());
  }

  Optional<ClusterView> heal(String name) {
    return act(name, member -> member.link().heal());
  }

  Optional<ClusterView> capacity(String name, String cpuPerNode, String memoryPerNode, int pods) {
    return act(name, member -> member.cluster().setCapacity(cpuPerNode, memoryPerNode, pods));
  }

  private Optional<ClusterView> act(String name, java.util.function.Consumer<Member> action) {
    Member member = members.get(name);
    if (member == null) {
      return Optional.empty();
    }
    synchronized (member) {
      action.accept(member);
    }
    return Optional.of(view(member));
  }

  private static ClusterView view(Member member) {
    ClusterDefinition definition = member.cluster().definition();
    return new ClusterView(
        definition.name(),
        definition.region(),
        definition.zone(),
        definition.provider(),
        definition.tier(),
        member.cluster().failed() ? "Failed" : "Running",
        member.link().cut(),
        member.cluster().apiServerUrl().toString(),
        member.cluster().state());
  }

  @Override
  public void close() {
    for (Member member : members.values()) {
      // The API server goes first: the mock stalls when watches close while it still sends events.
      member.cluster().fail();
      member.agent().close();
      member.link().close();
      member.cluster().close();
    }
    members.clear();
    http.close();
  }
}
