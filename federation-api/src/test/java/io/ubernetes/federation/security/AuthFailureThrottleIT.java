package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.FederationApplication;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.Manifests;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Failed authentications are slowed down, per address and per presented credential; callers with a
 * valid credential never are, whoever else fails from their address. The service runs with the
 * default limit (10 failures a minute).
 */
class AuthFailureThrottleIT {
  private static final String JOIN_TOKEN = "throttle-join-token";

  private static ConfigurableApplicationContext service;
  private static int port;
  private static ApiClient admin;

  @BeforeAll
  static void start() {
    service =
        new SpringApplicationBuilder(FederationApplication.class)
            .run(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.scheduler.enabled=false",
                "--ubernetes.agents.join-token=" + JOIN_TOKEN,
                "--ubernetes.agents.long-poll-timeout=1s",
                "--" + ApiClient.ADMIN_TOKEN_PROPERTY);
    port = ((WebServerApplicationContext) service).getWebServer().getPort();
    admin = new ApiClient(port);
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
  }

  @Test
  void aThousandBadTokensFromOneAddressNeverSlowDownItsAgentNorItsAdmin() throws Exception {
    String cluster = "throttled-agent";
    String credential = join(cluster);
    List<String> badTokens =
        List.of(
            "ubt_guess_abcdefghijklmnopqrstuvwxyz",
            ApiClient.ADMIN_TOKEN.substring(0, ApiClient.ADMIN_TOKEN.length() - 4) + "nope",
            "ubc_forged-cluster-credential",
            "not-even-a-token",
            JOIN_TOKEN);
    Map<Integer, AtomicInteger> badAnswers = new ConcurrentHashMap<>();
    List<String> validFailures = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger agentCalls = new AtomicInteger();
    AtomicInteger adminCalls = new AtomicInteger();
    AtomicBoolean flooding = new AtomicBoolean(true);

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> agent =
          threads.submit(
              () -> {
                ApiClient agentClient = admin.withToken(null);
                String base = "/api/v1/agent/clusters/" + cluster;
                while (flooding.get()) {
                  check(
                      agentClient.sendAuthorized("PUT", base + "/heartbeat", credential, beat()),
                      "agent heartbeat",
                      validFailures);
                  check(
                      agentClient.sendAuthorized("GET", base + "/work?since=0", credential, null),
                      "agent work poll",
                      validFailures);
                  check(
                      agentClient.sendAuthorized(
                          "PUT", base + "/status", credential, "{\"workloads\": []}"),
                      "agent status report",
                      validFailures);
                  agentCalls.addAndGet(3);
                }
              });
      Future<?> operator =
          threads.submit(
              () -> {
                int i = 0;
                while (flooding.get()) {
                  String name = "throttled-" + i++;
                  String path = "/api/v1/namespaces/throttle/workloads";
                  check(admin.get("/api/v1/clusters"), "admin list", validFailures);
                  check(admin.post(path, Manifests.workload(name)), "admin create", validFailures);
                  check(
                      admin.mergePatch(path + "/" + name, "{\"spec\": {\"replicas\": 2}}"),
                      "admin patch",
                      validFailures);
                  adminCalls.addAndGet(3);
                }
              });
      List<Future<?>> guessers = new ArrayList<>();
      AtomicInteger sent = new AtomicInteger();
      for (int worker = 0; worker < 8; worker++) {
        guessers.add(
            threads.submit(
                () -> {
                  for (int n = sent.getAndIncrement(); n < 1000; n = sent.getAndIncrement()) {
                    ApiClient guesser = admin.withToken(badTokens.get(n % badTokens.size()));
                    Response answer =
                        n % 2 == 0
                            ? guesser.get("/api/v1/clusters")
                            : guesser.post(
                                "/api/v1/namespaces/throttle/workloads",
                                Manifests.workload("guessed-" + n));
                    badAnswers
                        .computeIfAbsent(answer.status(), s -> new AtomicInteger())
                        .incrementAndGet();
                  }
                }));
      }
      for (Future<?> guesser : guessers) {
        guesser.get();
      }
      flooding.set(false);
      agent.get();
      operator.get();
    }

    assertThat(validFailures).as("answers to valid credentials that were not 2xx").isEmpty();
    assertThat(agentCalls.get()).isPositive();
    assertThat(adminCalls.get()).isPositive();
    assertThat(badAnswers.keySet())
        .as("statuses of the bad tokens")
        .isSubsetOf(401, 429)
        .contains(429);
    assertThat(badAnswers.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(1000);
    assertThat(badAnswers.get(429).get()).isGreaterThan(900);
    Response slowed =
        admin.withToken("ubt_guess_abcdefghijklmnopqrstuvwxyz").get("/api/v1/clusters");
    assertThat(slowed.status()).isEqualTo(429);
    assertThat(slowed.contentType()).startsWith("application/problem+json");
    assertThat(Integer.parseInt(slowed.header("Retry-After"))).isBetween(1, 61);
    assertThat(admin.get("/api/v1/clusters").status()).isEqualTo(200);
    assertThat(admin.withToken(null).get("/actuator/health/liveness").status())
        .as("probes are never slowed down")
        .isEqualTo(200);
  }

  @Test
  void slowsDownACredentialThatKeepsFailingFromAnyAddress() throws IOException {
    String guessed = "ubt_targeted_wrong-secret-0123456789";
    for (int i = 0; i < 10; i++) {
      assertThat(admin.withToken(guessed).get("/api/v1/clusters").status()).isIn(401, 429);
    }

    String sameCredentialElsewhere = rawGet("127.0.0.2", "Bearer " + guessed);
    String otherCredentialElsewhere =
        rawGet("127.0.0.2", "Bearer ubt_other_wrong-secret-0123456789");
    String validElsewhere = rawGet("127.0.0.2", "Bearer " + ApiClient.ADMIN_TOKEN);

    assertThat(sameCredentialElsewhere).startsWith("HTTP/1.1 429").contains("Retry-After:");
    assertThat(otherCredentialElsewhere).startsWith("HTTP/1.1 401");
    assertThat(validElsewhere).startsWith("HTTP/1.1 200");
  }

  private static void check(Response response, String what, List<String> failures) {
    if (response.status() / 100 != 2) {
      failures.add(what + ": " + response.status() + " " + response.body());
    }
  }

  private static String join(String cluster) {
    Response joined =
        admin
            .withToken(null)
            .post(
                "/api/v1/agent/join",
                """
                {"cluster": "%s", "joinToken": "%s", "requestId": "throttle-1",
                 "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                           "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
                """
                    .formatted(cluster, JOIN_TOKEN));
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    return joined.at("/credential");
  }

  private static String beat() {
    return """
        {"allocatable": {"cpu": "64", "memory": "256Gi", "pods": "110"},
         "allocated": {"cpu": "4", "memory": "16Gi", "pods": "10"},
         "kubernetesVersion": "v1.31.2", "agentVersion": "test", "apiServerReachable": true}
        """;
  }

  /** A GET of the cluster list sent from {@code localAddress}, a loopback address of its own. */
  private static String rawGet(String localAddress, String authorization) throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/v1/clusters HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: "
                  + authorization
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
