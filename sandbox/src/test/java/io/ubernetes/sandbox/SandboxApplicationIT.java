package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.discovery.EmbeddedDnsServer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

  /** What the start printed, banner included, once the banner is out. */
  private static String printed;

  @BeforeAll
  static void start(CapturedOutput output) {
    context =
        SandboxApplication.run(
            new String[] {
              "--no-tls",
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
    // Captured here: what is printed during one test is not in the next one's output.
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.getOut().contains("=== Ubernetes sandbox"));
    printed = output.getOut();
  }

  @AfterAll
  static void stop() {
    if (context != null) {
      context.close();
    }
  }

  @Test
  void startsTheDefaultFleetAndPrintsWhatToTry() {
    assertThat(printed)
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
    // Others' tests here add clusters at run time; the default four come first.
    assertThat(clusters.json().valueStream().map(c -> c.path("name").asString()))
        .startsWith("onprem-fra", "aws-eu-west", "gcp-eu-north", "aws-us-east");
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

  @Test
  void everyExampleOfTheBannerWorksPastedAsItIs() throws Exception {
    String banner = banner(printed);
    List<String> commands = commands(banner);
    List<String> exports = commands.stream().filter(c -> c.startsWith("export TOKEN=")).toList();

    assertThat(exports).as("the token, set once").hasSize(1);
    assertThat(Pattern.compile("[{<][a-z][A-Za-z -]*[}>]").matcher(banner).find())
        .as("placeholders such as {name} or <name> in\n" + banner)
        .isFalse();
    List<String> curls = commands.stream().filter(c -> c.startsWith("curl ")).toList();
    assertThat(curls).as("curl examples").hasSizeGreaterThanOrEqualTo(5);
    assertThat(curls)
        .allSatisfy(
            curl ->
                assertThat(curl)
                    .containsAnyOf(
                        "-H \"Authorization: Bearer $TOKEN\"",
                        "-H 'Authorization: Bearer $TOKEN'"));
    assertThat(curls)
        .as("a line that adds a cluster")
        .anySatisfy(curl -> assertThat(curl).contains("/sandbox/clusters -H"));
    for (String curl : curls) {
      // A read may come before the federation has placed what the line before created.
      JsonNode answer =
          curl.contains(" -d ")
              ? paste(exports.getFirst(), curl)
              : await()
                  .atMost(Duration.ofSeconds(60))
                  .until(() -> paste(exports.getFirst(), curl), SandboxApplicationIT::succeeded);
      assertThat(succeeded(answer)).as(curl + "\nanswered " + answer).isTrue();
    }
    api.post("/sandbox/clusters/onprem-fra:recover", "");
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        FleetHarness.condition(
                            api.get("/api/v1/clusters/onprem-muc").json().path("status"), "Ready"))
                    .as("the cluster the banner added")
                    .isEqualTo("True"));
  }

  @Test
  void addsAndRemovesClustersAtRunTimeAndRefusesBadOnesNamingTheField() {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> api.get("/sandbox/clusters").status() == 200);

    Http.Answer badName = api.post("/sandbox/clusters", "{\"name\": \"Not_A_Label\"}");
    Http.Answer noNodes = api.post("/sandbox/clusters", "{\"name\": \"edge-x\", \"nodes\": 0}");
    Http.Answer words = api.post("/sandbox/clusters", "{\"name\": \"edge-x\", \"nodes\": \"two\"}");
    Http.Answer unknown =
        api.post("/sandbox/clusters", "{\"name\": \"edge-x\", \"colour\": \"blue\"}");
    Http.Answer nameless = api.post("/sandbox/clusters", "{\"region\": \"eu-west\"}");
    Http.Answer taken = api.post("/sandbox/clusters", "{\"name\": \"aws-eu-west\"}");
    Http.Answer unknownCluster = api.delete("/sandbox/clusters/nowhere");
    Http.Answer malformed = api.post("/sandbox/clusters", "{\"name\": \"edge-x\",\n  \"nodes\" 2}");

    assertThat(badName.status()).isEqualTo(422);
    assertThat(badName.json().at("/errors/0/field").asString()).isEqualTo("name");
    assertThat(noNodes.status()).isEqualTo(422);
    assertThat(noNodes.json().at("/errors/0/field").asString()).isEqualTo("nodes");
    assertThat(words.status()).isEqualTo(422);
    assertThat(words.json().at("/errors/0/field").asString()).isEqualTo("nodes");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().at("/errors/0/field").asString()).isEqualTo("colour");
    assertThat(nameless.status()).isEqualTo(422);
    assertThat(nameless.json().at("/errors/0/field").asString()).isEqualTo("name");
    assertThat(taken.status()).isEqualTo(409);
    assertThat(taken.at("/detail")).contains("aws-eu-west");
    assertThat(unknownCluster.status()).isEqualTo(404);
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.at("/detail")).contains("line 2, column");

    Http.Answer added =
        api.post(
            "/sandbox/clusters",
            "{\"name\": \"edge-a\", \"region\": \"eu-west\", \"zone\": \"eu-west-1c\", \"nodes\": 1}");
    assertThat(added.status()).as(added.json().toString()).isEqualTo(201);
    assertThat(added.at("/state")).isEqualTo("Running");
    assertThat(added.json().path("addedAtRunTime").asBoolean()).isTrue();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        FleetHarness.condition(
                            api.get("/api/v1/clusters/edge-a").json().path("status"), "Ready"))
                    .isEqualTo("True"));

    Http.Answer removed = api.delete("/sandbox/clusters/edge-a");

    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.at("/state")).isEqualTo("Stopped");
    assertThat(api.get("/sandbox/clusters/edge-a").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/clusters/edge-a").status())
        .as("the federation keeps the cluster until someone deletes it there")
        .isEqualTo(200);
    assertThat(data.resolve("clusters/edge-a/state.json")).isRegularFile();
  }

  /** The banner as printed, from its first line to its last. */
  private static String banner(String printed) {
    int start = printed.indexOf("=== Ubernetes sandbox");
    int end = printed.indexOf("\n=====", start);
    return printed.substring(start, end);
  }

  /**
   * The shell commands of the banner: indented lines that start with a command, and the lines of a
   * command whose single quotes are still open.
   */
  private static List<String> commands(String banner) {
    List<String> commands = new ArrayList<>();
    StringBuilder open = null;
    for (String line : banner.split("\n")) {
      if (open != null) {
        open.append('\n').append(line);
      } else if (line.matches("  (export|curl|watch|dig) .*")) {
        open = new StringBuilder(line.substring(2));
      } else {
        continue;
      }
      if (open.chars().filter(c -> c == '\'').count() % 2 == 0) {
        commands.add(open.toString());
        open = null;
      }
    }
    return commands;
  }

  /** Runs the line in bash after the export line, as a shell the banner was pasted into. */
  private static JsonNode paste(String export, String command) throws Exception {
    Process shell =
        new ProcessBuilder("bash", "-c", export + "\n" + command)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = shell.getInputStream().readAllBytes();
    assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(shell.exitValue()).as(command).isZero();
    String text = new String(out, StandardCharsets.UTF_8);
    return text.isBlank() ? JSON.missingNode() : JSON.readTree(text);
  }

  /** An answer with a body that is no problem. */
  private static boolean succeeded(JsonNode answer) {
    return !answer.isMissingNode()
        && !(answer.path("status").isInt() && answer.path("status").asInt() >= 400);
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();
}
