package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.discovery.EmbeddedDnsServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The sandbox as the README's run command starts it: the federation, its DNS server and the default
 * four simulated clusters in one process, its banner, and its control API.
 */
@ExtendWith(OutputCaptureExtension.class)
class SandboxApplicationIT {
  @TempDir static Path data;
  private static ConfigurableApplicationContext context;
  private static Http api;
  private static int port;
  private static int dnsPort;
  private static String adminToken;

  @BeforeAll
  static void start() {
    context =
        SandboxApplication.run(
            new String[] {
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
              "--ubernetes.sandbox.heartbeat-interval=1s",
              "--ubernetes.sandbox.start-delay=200ms",
              // The sandbox's DNS server, on a free port rather than 5353.
              "--ubernetes.dns.port=0"
            });
    port = ((WebServerApplicationContext) context).getWebServer().getPort();
    dnsPort = context.getBean(EmbeddedDnsServer.class).address().getPort();
    // No token configured: the federation made one on its first start, as for a first-time user.
    try {
      adminToken = Files.readString(data.resolve("admin-token")).strip();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    api = new Http(URI.create("http://127.0.0.1:" + port), adminToken);
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void startsTheDefaultFleetAndPrintsWhatToTry(CapturedOutput output) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.getOut().contains("=== Ubernetes sandbox"));

    assertThat(output.getOut())
        .contains("Federation API : http://127.0.0.1:" + port)
        .contains("DNS server     : 127.0.0.1:" + dnsPort + " (UDP and TCP), zone ubernetes.local")
        .contains(
            "dig @127.0.0.1 -p " + dnsPort + " +short web.shop.federation.svc.ubernetes.local")
        .contains("/sandbox/clusters/onprem-fra:fail")
        .contains("Admin token    : " + adminToken)
        .contains("-H \"Authorization: Bearer $TOKEN\"")
        .contains("topology.kubernetes.io/region");
    Http.Answer clusters = api.get("/sandbox/clusters");
    assertThat(clusters.status()).isEqualTo(200);
    assertThat(
            new Http(URI.create("http://127.0.0.1:" + port), null).get("/api/v1/clusters").status())
        .isEqualTo(401);
    assertThat(clusters.json().valueStream().map(c -> c.path("name").asString()))
        .containsExactly("onprem-fra", "aws-eu-west", "gcp-eu-north", "aws-us-east");
    assertThat(api.get("/api/v1/clusters/onprem-fra").at("/spec/tier")).isEqualTo("onprem");
    assertThat(
            api.get("/api/v1/clusters/onprem-fra").json().at("/spec/cost/cpuCoreHour").asDouble())
        .isLessThan(
            api.get("/api/v1/clusters/aws-eu-west").json().at("/spec/cost/cpuCoreHour").asDouble());
  }

  @Test
  void runsTheFederationsDnsServerWithoutBeingAskedTo() throws IOException {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(dnsPort);
    resolver.setTimeout(Duration.ofSeconds(5));

    Message apex =
        resolver.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("ubernetes.local."), Type.SOA, DClass.IN)));

    assertThat(apex.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(apex.getSection(Section.ANSWER))
        .singleElement()
        .satisfies(soa -> assertThat(soa.getType()).isEqualTo(Type.SOA));
  }

  @Test
  void failsRecoversPartitionsAndHealsAClusterOnRequest() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.get("/sandbox/clusters").status() == 200);

    Http.Answer failed = api.post("/sandbox/clusters/aws-us-east:fail", "");
    Http.Answer recovered = api.post("/sandbox/clusters/aws-us-east:recover", "");
    Http.Answer cut = api.post("/sandbox/clusters/aws-us-east:partition", "");
    Http.Answer healed = api.post("/sandbox/clusters/aws-us-east:heal", "");

    assertThat(failed.status()).isEqualTo(200);
    assertThat(failed.at("/state")).isEqualTo("Failed");
    assertThat(recovered.at("/state")).isEqualTo("Running");
    assertThat(cut.json().path("partitioned").asBoolean()).isTrue();
    assertThat(healed.json().path("partitioned").asBoolean()).isFalse();
  }

  @Test
  void refusesUnknownClustersAndBadCapacityWithProblems() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.get("/sandbox/clusters").status() == 200);

    Http.Answer unknown = api.post("/sandbox/clusters/nowhere:fail", "");
    Http.Answer badCpu =
        api.put(
            "/sandbox/clusters/onprem-fra/capacity",
            "{\"cpuPerNode\": \"lots\", \"memoryPerNode\": \"32Gi\", \"podsPerNode\": 110}");
    Http.Answer noPods =
        api.put(
            "/sandbox/clusters/onprem-fra/capacity",
            "{\"cpuPerNode\": \"8\", \"memoryPerNode\": \"32Gi\"}");
    Http.Answer grown =
        api.put(
            "/sandbox/clusters/onprem-fra/capacity",
            "{\"cpuPerNode\": \"12\", \"memoryPerNode\": \"48Gi\", \"podsPerNode\": 110}");

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(badCpu.status()).isEqualTo(422);
    assertThat(badCpu.json().at("/errors/0/field").asString()).isEqualTo("cpuPerNode");
    assertThat(noPods.status()).isEqualTo(422);
    assertThat(noPods.json().at("/errors/0/field").asString()).isEqualTo("podsPerNode");
    assertThat(grown.status()).isEqualTo(200);
  }
}
