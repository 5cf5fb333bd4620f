package io.ubernetes.agent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;

/**
 * The federation for tests: WireMock on 127.0.0.1, with helpers for the agent endpoints. It keeps
 * its port when stopped and started again, so an agent can lose and find it.
 */
final class FederationStub implements AutoCloseable {
  static final String CREDENTIAL = "cred-" + "0123456789abcdef";
  static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  final WireMockServer wiremock;
  private final String cluster;
  private final int port;

  FederationStub(String cluster) {
    this.cluster = cluster;
    this.port = freePort();
    this.wiremock = new WireMockServer(options().bindAddress("127.0.0.1").port(port));
    wiremock.start();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  String heartbeatPath() {
    return Paths.forCluster(Paths.HEARTBEAT, cluster);
  }

  String statusPath() {
    return Paths.forCluster(Paths.STATUS, cluster);
  }

  String workPath() {
    return Paths.forCluster(Paths.WORK, cluster);
  }

  /** Joins succeed with {@link #CREDENTIAL}; heartbeats and status reports are accepted. */
  FederationStub admitting() {
    wiremock.stubFor(
        post(urlPathEqualTo(Paths.JOIN))
            .willReturn(
                json(200, new JoinResponse(cluster, JoinResponse.State.JOINED, CREDENTIAL, null))));
    wiremock.stubFor(put(urlPathEqualTo(heartbeatPath())).willReturn(aResponse().withStatus(204)));
    wiremock.stubFor(put(urlPathEqualTo(statusPath())).willReturn(aResponse().withStatus(204)));
    return this;
  }

  /** {@code GET work?since={since}} answers {@code feed}. */
  void feed(long since, WorkFeed feed) {
    wiremock.stubFor(
        get(urlPathEqualTo(workPath()))
            .withQueryParam("since", equalTo(Long.toString(since)))
            .willReturn(json(200, feed)));
  }

  /** Nothing new after {@code revision}: the feed answers an empty feed at that revision. */
  void idleAt(long revision) {
    feed(revision, new WorkFeed(revision, List.of(), List.of()));
  }

  MappingBuilder workRequest() {
    return get(urlPathEqualTo(workPath()));
  }

  static ResponseDefinitionBuilder json(int status, Object body) {
    try {
      return aResponse()
          .withStatus(status)
          .withHeader("Content-Type", "application/json")
          .withBody(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<JoinRequest> joins() {
    return bodies(
        wiremock.findAll(postRequestedFor(urlPathEqualTo(Paths.JOIN))), JoinRequest.class);
  }

  List<LoggedRequest> heartbeatRequests() {
    return wiremock.findAll(putRequestedFor(urlPathEqualTo(heartbeatPath())));
  }

  List<Heartbeat> heartbeats() {
    return bodies(heartbeatRequests(), Heartbeat.class);
  }

  List<StatusReport> statusReports() {
    return bodies(
        wiremock.findAll(putRequestedFor(urlPathEqualTo(statusPath()))), StatusReport.class);
  }

  List<LoggedRequest> workRequests() {
    return wiremock.findAll(getRequestedFor(urlPathEqualTo(workPath())));
  }

  boolean polledSince(long revision) {
    return workRequests().stream()
        .anyMatch(r -> Long.toString(revision).equals(r.queryParameter("since").firstValue()));
  }

  private static <T> List<T> bodies(List<LoggedRequest> requests, Class<T> type) {
    return requests.stream()
        .map(
            r -> {
              try {
                return JSON.readValue(r.getBody(), type);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .toList();
  }

  void stop() {
    wiremock.stop();
  }

  void start() {
    wiremock.start();
  }

  @Override
  public void close() {
    wiremock.stop();
  }
}
