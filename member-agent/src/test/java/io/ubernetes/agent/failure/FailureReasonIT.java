package io.ubernetes.agent.failure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.agent.federation.FederationClient;
import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.Heartbeat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failed calls to the member cluster's API server and to the federation are described by why they
 * failed, from real failures: a stopped API server, one that never answers, one that forbids, a
 * host that does not resolve, a federation that is down or refuses.
 */
class FailureReasonIT {

  @Test
  void namesTheApiServerThatRefusedTheConnection() {
    try (MemberClusterMock cluster = new MemberClusterMock()) {
      KubernetesClient client = cluster.newClient();
      cluster.stop();

      Throwable listing = catchThrowable(() -> client.nodes().list());
      Throwable reading =
          catchThrowable(
              () -> client.configMaps().inNamespace("ubernetes-system").withName("state").get());

      String server = client.getMasterUrl().getHost() + ":" + client.getMasterUrl().getPort();
      assertThat(FailureReason.of(listing, client.getMasterUrl()))
          .isEqualTo("listing Nodes: connection refused by " + server);
      assertThat(FailureReason.of(reading, client.getMasterUrl()))
          .isEqualTo("getting ConfigMap ubernetes-system/state: connection refused by " + server);
    }
  }

  @Test
  void givesTheStatusAndItsMessage() {
    try (MemberClusterMock cluster = new MemberClusterMock()) {
      KubernetesClient client = cluster.newClient();
      cluster
          .server()
          .expect()
          .get()
          .withPath("/api/v1/nodes")
          .andReturn(
              403,
              new StatusBuilder()
                  .withCode(403)
                  .withReason("Forbidden")
                  .withMessage(
                      "nodes is forbidden: User \"system:serviceaccount:ubernetes:agent\" cannot"
                          + " list resource \"nodes\"")
                  .build())
          .once();

      Throwable forbidden = catchThrowable(() -> client.nodes().list());

      assertThat(FailureReason.of(forbidden, client.getMasterUrl()))
          .isEqualTo(
              "listing nodes: HTTP 403: nodes is forbidden: User"
                  + " \"system:serviceaccount:ubernetes:agent\" cannot list resource \"nodes\"");
    }
  }

  @Test
  void saysWhenTheApiServerDoesNotAnswerInTime() throws IOException {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException e) {
                  // Closed at the end of the test.
                }
              });
      try (KubernetesClient client = client("http://127.0.0.1:" + silent.getLocalPort())) {
        Throwable timedOut =
            catchThrowable(() -> client.configMaps().inNamespace("a").withName("b").get());

        assertThat(FailureReason.of(timedOut, client.getMasterUrl()))
            .isEqualTo(
                "getting ConfigMap a/b: no answer from 127.0.0.1:"
                    + silent.getLocalPort()
                    + " in time");
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  @Test
  void saysWhenTheApiServerResetTheConnection() throws IOException {
    try (ServerSocket resetting = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) {
                    // An API server stopped in the middle of a request: the socket closes at once
                    // with a reset, not with an orderly end of the stream.
                    Socket accepted = resetting.accept();
                    accepted.setSoLinger(true, 0);
                    accepted.getInputStream().read();
                    accepted.close();
                  }
                } catch (IOException e) {
                  // Closed at the end of the test.
                }
              });
      try (KubernetesClient client = client("http://127.0.0.1:" + resetting.getLocalPort())) {
        Throwable reset = catchThrowable(() -> client.nodes().list());

        assertThat(FailureReason.of(reset, client.getMasterUrl()))
            .isEqualTo("listing Nodes: connection reset by 127.0.0.1:" + resetting.getLocalPort());
      }
    }
  }

  @Test
  void saysWhenTheApiServersNameDoesNotResolve() {
    try (KubernetesClient client = client("https://api.cluster.invalid:6443")) {
      Throwable unresolved = catchThrowable(() -> client.nodes().list());

      assertThat(FailureReason.of(unresolved, client.getMasterUrl()))
          .isEqualTo("listing Nodes: cannot resolve api.cluster.invalid");
    }
  }

  @Test
  void describesFailedCallsToTheFederation() throws IOException {
    int closedPort;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = free.getLocalPort();
    }
    WireMockServer federation =
        new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    federation.start();
    try (FederationClient down = federation("http://127.0.0.1:" + closedPort);
        FederationClient refusing = federation(federation.baseUrl())) {
      federation.stubFor(
          put(urlPathEqualTo("/api/v1/agent/clusters/member-1/heartbeat"))
              .willReturn(
                  aResponse()
                      .withStatus(403)
                      .withHeader("Content-Type", "application/problem+json")
                      .withBody(
                          "{\"status\": 403, \"detail\": \"this credential belongs to cluster"
                              + " \\\"other\\\"\"}")));

      Throwable refused = catchThrowable(() -> down.heartbeat(beat()));
      Throwable forbidden = catchThrowable(() -> refusing.heartbeat(beat()));

      assertThat(FailureReason.of(refused))
          .isEqualTo("heartbeat: connection refused by 127.0.0.1:" + closedPort);
      assertThat(FailureReason.of(forbidden))
          .isEqualTo("heartbeat: HTTP 403: this credential belongs to cluster \"other\"");
    } finally {
      federation.stop();
    }
  }

  private static KubernetesClient client(String url) {
    return new KubernetesClientBuilder()
        .withConfig(
            new ConfigBuilder()
                .withMasterUrl(url)
                .withRequestTimeout(1_000)
                .withConnectionTimeout(1_000)
                .withRequestRetryBackoffLimit(0)
                .build())
        .build();
  }

  private static FederationClient federation(String url) {
    return new FederationClient(
        URI.create(url),
        "member-1",
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        1,
        Duration.ofMillis(10),
        Duration.ofMillis(20),
        Duration.ofSeconds(1),
        null);
  }

  private static Heartbeat beat() {
    return new Heartbeat(
        new Amounts("1", "1Gi", "10"), new Amounts("0", "0", "0"), "v1", "t", true, 0L, null, null);
  }
}
