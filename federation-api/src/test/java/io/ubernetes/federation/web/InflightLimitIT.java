package io.ubernetes.federation.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Past its level's limit of requests in flight, a request is answered 429 with Retry-After at once
 * (no queue here), as kube-apiserver answers past its max-inflight limits: its body unread, nothing
 * written, the refused write audited. Each level has its own limit, and what waits rather than
 * works (a watch) is not counted. A write is held in flight by sending its body slowly.
 */
@TestPropertySource(
    properties = {
      "ubernetes.api.inflight.mutating=1",
      "ubernetes.api.inflight.read-only=1",
      "ubernetes.api.inflight.agents=1",
      "ubernetes.api.inflight.queue-wait=0s"
    })
class InflightLimitIT extends ApiIntegrationTest {
  @Autowired MeterRegistry meters;

  @Test
  void aWriteBeyondTheLimitIs429WithRetryAfterAndTheOneInFlightIsCommitted() throws Exception {
    String ns = unique("inflight");
    String workloads = "/api/v1/namespaces/" + ns + "/workloads";
    HeldCreate held = holdCreate(workloads, "held");
    await().until(() -> inflight("mutating") == 1);

    Response refused = api.post(workloads, Manifests.workload("refused"));
    Response read = api.get(workloads);
    Response watch =
        api.get(
            "/apis/ubernetes.io/v1/namespaces/"
                + ns
                + "/federatedworkloads?watch=true&timeoutSeconds=1");
    String created = held.finish();
    Response after = api.post(workloads, Manifests.workload("after"));

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(refused.at("/reason")).isEqualTo("TooManyRequests");
    assertThat(refused.at("/detail")).contains("retry");
    assertThat(read.status()).as("reads have a limit of their own").isEqualTo(200);
    assertThat(watch.status()).as("a watch waits rather than works").isEqualTo(200);
    assertThat(created).isEqualTo("HTTP/1.1 201 ");
    assertThat(after.status()).as(after.body()).isEqualTo(201);
    assertThat(api.get(workloads + "/refused").status()).isEqualTo(404);
    assertThat(api.get(workloads).json().get("items")).hasSize(2);
    assertThat(shed("mutating")).isPositive();
    awaitRefusalAudited(ns);
  }

  @Test
  void aKubernetesClientIsAnsweredAStatusOfReasonTooManyRequests() throws Exception {
    String ns = unique("inflight-k8s");
    HeldCreate held = holdCreate("/api/v1/namespaces/" + ns + "/workloads", "held");
    await().until(() -> inflight("mutating") == 1);

    Response refused =
        api.send(
            "POST",
            "/apis/ubernetes.io/v1/namespaces/" + ns + "/federatedworkloads",
            "application/json",
            Manifests.workload("refused"),
            "application/json");
    assertThat(held.finish()).isEqualTo("HTTP/1.1 201 ");

    assertThat(refused.status()).as(refused.body()).isEqualTo(429);
    assertThat(refused.header("Retry-After")).isEqualTo("1");
    assertThat(refused.at("/kind")).isEqualTo("Status");
    assertThat(refused.at("/reason")).isEqualTo("TooManyRequests");
    assertThat(refused.json().get("code").asInt()).isEqualTo(429);
    awaitRefusalAudited(ns);
  }

  /** The refusal's row is written later with others: the audit log shows it soon. */
  private void awaitRefusalAudited(String ns) {
    await()
        .untilAsserted(
            () ->
                assertThat(
                        api.get("/api/v1/audit?namespace=" + ns + "&outcome=denied")
                            .json()
                            .get("items"))
                    .singleElement()
                    .satisfies(
                        row -> {
                          assertThat(row.get("status").asInt()).isEqualTo(429);
                          assertThat(row.get("verb").asString()).isEqualTo("create");
                        }));
  }

  /**
   * A create of workload {@code name} over a raw socket, held in flight by sending only the first
   * half of its body; {@link HeldCreate#finish} sends the rest and reads the answer.
   */
  private HeldCreate holdCreate(String path, String name) throws IOException {
    byte[] body = Manifests.workload(name).getBytes(StandardCharsets.UTF_8);
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
    socket.setSoTimeout(30_000);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port()
            + "\r\nAuthorization: Bearer "
            + ApiClient.ADMIN_TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body, 0, body.length / 2);
    out.flush();
    ApiClient.changeSent();
    return new HeldCreate(socket, body);
  }

  private record HeldCreate(Socket socket, byte[] body) {
    /** Sends the rest of the body; returns the answer's status line. */
    String finish() throws IOException {
      try (socket) {
        socket.getOutputStream().write(body, body.length / 2, body.length - body.length / 2);
        socket.getOutputStream().flush();
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return answer.lines().findFirst().orElse("");
      }
    }
  }

  private double inflight(String level) {
    return meters.get("ubernetes.api.requests.inflight").tag("level", level).gauge().value();
  }

  private double shed(String level) {
    return meters.get("ubernetes.api.requests.shed").tag("level", level).counter().count();
  }
}
