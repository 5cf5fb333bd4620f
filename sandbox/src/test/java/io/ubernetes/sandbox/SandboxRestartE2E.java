package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static io.ubernetes.sandbox.FleetHarness.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/**
 * One sandbox's life over three starts on the same data directory, as its run command lives it:
 * stopped (federation, agents, clusters and database, cleanly) and started again, its simulated
 * clusters come back with their objects, so their agents find their credentials and desired state
 * and do not join again, and the workloads run on; a cluster added at run time comes back; one left
 * out of the fleet file is reported, and a new one joins.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxRestartE2E {
  private static final String NAMESPACE = "shop";
  private static final String CREDENTIALS = "ubernetes-agent-credentials";
  private static final String STATE_NAMESPACE = "ubernetes-system";

  private static final String FLEET =
      """
      clusters:
        - {name: fra, region: eu-central, zone: eu-central-1a, nodes: 1}
        - {name: ams, region: eu-west, zone: eu-west-1a, nodes: 1}
        - {name: hel, region: eu-north, zone: eu-north-1a, nodes: 1}
      """;

  /** {@code hel} left out, {@code osl} new. */
  private static final String CHANGED_FLEET =
      """
      clusters:
        - {name: fra, region: eu-central, zone: eu-central-1a, nodes: 1}
        - {name: ams, region: eu-west, zone: eu-west-1a, nodes: 1}
        - {name: osl, region: eu-north, zone: eu-north-1b, nodes: 1}
      """;

  private static final String ONE_PER_CLUSTER =
      """
      {"clusterSelector": {"matchExpressions": [{"key": "topology.kubernetes.io/region",
        "operator": "In", "values": ["eu-central", "eu-west", "eu-north"]}]},
       "maxReplicasPerCluster": 1}
      """;

  /**
   * The federation's own clocks as the harness sets them, but a heartbeat timeout long enough for
   * every cluster of a start to send its first heartbeat: a cluster that went Unknown meanwhile
   * would be held back from new replicas, which the last test needs.
   */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "ubernetes.agents.heartbeat-timeout", "15s",
          "ubernetes.scheduler.recovery-hold-down", "1s");

  @TempDir static Path data;
  private static Path fleetFile;
  private static FleetHarness fleet;

  @BeforeAll
  static void start() throws IOException {
    fleetFile = Files.writeString(data.resolve("fleet.yaml"), FLEET);
    fleet = FleetHarness.sandboxApplication(data, fleetFile, SETTINGS);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  @Order(1)
  void aRestartedSandboxKeepsItsClustersObjectsAndWorkloadsAndNoAgentJoinsAgain(
      CapturedOutput output) throws IOException {
    assertThat(
            fleet
                .api
                .post(
                    "/api/v1/namespaces/" + NAMESPACE + "/workloads",
                    workload("web", 3, ONE_PER_CLUSTER))
                .status())
        .isEqualTo(201);
    assertThat(
            fleet
                .api
                .post(
                    "/api/v1/namespaces/" + NAMESPACE + "/services",
                    """
                    {"metadata": {"name": "web"},
                     "spec": {"workload": "web", "type": "LoadBalancer",
                              "ports": [{"name": "http", "port": 80}]}}
                    """)
                .status())
        .isEqualTo(201);
    awaitWorkloadReady(3);
    await()
        .atMost(PATIENCE)
        .untilAsserted(() -> assertThat(healthyShards()).containsOnly("fra", "ams", "hel"));
    List<String> names = List.of("fra", "ams", "hel");
    Map<String, Map<String, String>> credentials = new TreeMap<>();
    Map<String, String> pods = new TreeMap<>();
    Map<String, String> ingress = new TreeMap<>();
    Map<String, String> apiServers = new TreeMap<>();
    for (String name : names) {
      credentials.put(name, credentials(name));
      pods.putAll(pods(name));
      ingress.put(name, ingress(name));
      apiServers.put(name, fleet.cluster(name).apiServerUrl().toString());
    }
    int joins = joins();
    int printed = output.getOut().length();

    fleet.close();
    assertStoppedCleanly(output, printed);
    // Heartbeat times are whole seconds: any of the first run's is at or before this second.
    Instant stopped = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    fleet = fleet.startAgain(fleetFile);

    await()
        .atMost(PATIENCE)
        .until(() -> output.getOut().substring(printed).contains("=== Ubernetes sandbox"));
    // The banner comes once every agent heartbeats again, not on the last run's Ready conditions.
    for (String name : names) {
      JsonNode status = fleet.api.get("/api/v1/clusters/" + name).json().path("status");
      assertThat(FleetHarness.condition(status, "Ready")).as(name).isEqualTo("True");
      assertThat(Instant.parse(status.path("lastHeartbeatTime").asString()))
          .as("the last heartbeat of " + name)
          .isAfter(stopped);
    }
    awaitWorkloadReady(3);
    for (String name : names) {
      assertThat(credentials(name))
          .as("the credential kept in " + name)
          .isEqualTo(credentials.get(name));
      assertThat(fleet.cluster(name).apiServerUrl().toString()).isEqualTo(apiServers.get(name));
      assertThat(ingress(name)).as("the load balancer of " + name).isEqualTo(ingress.get(name));
    }
    Map<String, String> podsAfter = new TreeMap<>();
    names.forEach(name -> podsAfter.putAll(pods(name)));
    assertThat(podsAfter).as("the same pods, still running").isEqualTo(pods);
    for (String name : names) {
      assertThat(
              fleet.cluster(name).client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                  .map(pod -> pod.getStatus().getPhase()))
          .containsOnly("Running");
    }
    assertThat(joins()).as("joins in the audit log").isEqualTo(joins);
    assertThat(output.getOut().substring(printed))
        .as("no agent refused by the federation")
        .doesNotContain("has joined already")
        .doesNotContain("The federation refused")
        .as("no agent missing its API server, as the sandbox stopped or as it started")
        .doesNotContain("from the member API server failed");
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () ->
                assertThat(addresses("web.shop.federation.svc.ubernetes.local."))
                    .containsExactlyInAnyOrderElementsOf(ingress.values()));
  }

  @Test
  @Order(2)
  void aClusterAddedAtRunTimeComesBackOneLeftOutIsReportedAndANewOneJoins(CapturedOutput output)
      throws IOException {
    Http.Answer added =
        fleet.api.post(
            "/sandbox/clusters",
            "{\"name\": \"edge\", \"region\": \"eu-central\", \"zone\": \"eu-central-1b\","
                + " \"nodes\": 1}");
    assertThat(added.status()).as(added.json().toString()).isEqualTo(201);
    fleet.awaitReady("edge", "True");
    // Registered by hand: a member with no agent, which no simulated cluster stands for.
    Http.Answer registered =
        fleet.api.post(
            "/api/v1/clusters",
            "{\"metadata\": {\"name\": \"lon\"}, \"spec\": {\"region\": \"eu-west\","
                + " \"zone\": \"eu-west-2a\", \"provider\": \"onprem\", \"tier\": \"onprem\"}}");
    assertThat(registered.status()).as(registered.json().toString()).isEqualTo(201);
    Map<String, String> edgeCredential = credentials("edge");
    int joins = joins();
    int printed = output.getOut().length();
    Files.writeString(fleetFile, CHANGED_FLEET);

    fleet.close();
    assertStoppedCleanly(output, printed);
    fleet = fleet.startAgain(fleetFile);

    await()
        .atMost(PATIENCE)
        .until(() -> output.getOut().substring(printed).contains("=== Ubernetes sandbox"));
    assertThat(fleet.api.get("/sandbox/clusters").json().valueStream())
        .map(cluster -> cluster.path("name").asString())
        .containsExactlyInAnyOrder("fra", "ams", "osl", "edge");
    fleet.awaitReady("edge", "True");
    fleet.awaitReady("osl", "True");
    assertThat(credentials("edge")).isEqualTo(edgeCredential);
    assertThat(joins()).as("only the new cluster joined").isEqualTo(joins + 1);
    String printedSince = output.getOut().substring(printed);
    assertThat(printedSince)
        .contains("hel")
        .contains(
            "curl -s -X DELETE -H \"Authorization: Bearer $TOKEN\" "
                + fleet.url()
                + "/api/v1/clusters/hel")
        .contains(data.resolve("clusters").resolve("hel").toString());
    assertThat(data.resolve("clusters").resolve("hel")).isDirectory();
    assertThat(fleet.api.get("/api/v1/clusters/hel").status())
        .as("the federation still knows the cluster left out")
        .isEqualTo(200);
    // The member registered by hand is named, with the command that gives it a simulated cluster.
    String addLon =
        "curl -s "
            + fleet.url()
            + "/sandbox/clusters -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type:"
            + " application/json' -d '{\"name\": \"lon\", \"region\": \"eu-west\", \"zone\":"
            + " \"eu-west-2a\", \"provider\": \"onprem\", \"tier\": \"onprem\"}'";
    assertThat(printedSince).contains("lon").contains(addLon);
    String body = addLon.substring(addLon.indexOf("-d '") + 4, addLon.length() - 1);
    assertThat(fleet.api.post("/sandbox/clusters", body).status()).isEqualTo(201);
    fleet.awaitReady("lon", "True");
    // Its replica moves to a cluster that still runs once the grace period is over.
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              assertThat(fleet.placement(NAMESPACE, "web")).doesNotContainKey("hel");
              assertThat(fleet.status(NAMESPACE, "web").path("readyReplicas").asInt()).isEqualTo(3);
            });
  }

  private static void awaitWorkloadReady(int replicas) {
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> {
              JsonNode status = fleet.status(NAMESPACE, "web");
              assertThat(status.path("readyReplicas").asInt()).isEqualTo(replicas);
              assertThat(FleetHarness.condition(status, "Ready")).isEqualTo("True");
            });
  }

  /** The agent's credential Secret in its cluster. */
  private static Map<String, String> credentials(String cluster) {
    Secret secret =
        fleet
            .cluster(cluster)
            .client()
            .secrets()
            .inNamespace(STATE_NAMESPACE)
            .withName(CREDENTIALS)
            .get();
    assertThat(secret).as("the credentials of " + cluster).isNotNull();
    return new TreeMap<>(secret.getData());
  }

  /** The workload's pods in a cluster, by name with their uids. */
  private static Map<String, String> pods(String cluster) {
    Map<String, String> pods = new TreeMap<>();
    for (Pod pod :
        fleet.cluster(cluster).client().pods().inNamespace(NAMESPACE).list().getItems()) {
      pods.put(cluster + "/" + pod.getMetadata().getName(), pod.getMetadata().getUid());
    }
    return pods;
  }

  private static String ingress(String cluster) {
    Service service =
        fleet.cluster(cluster).client().services().inNamespace(NAMESPACE).withName("web").get();
    assertThat(service).as("the Service in " + cluster).isNotNull();
    List<LoadBalancerIngress> ingress = service.getStatus().getLoadBalancer().getIngress();
    assertThat(ingress).as("the load balancer of " + cluster).hasSize(1);
    return ingress.getFirst().getIp();
  }

  private static List<String> healthyShards() {
    return fleet
        .api
        .get("/api/v1/namespaces/" + NAMESPACE + "/services/web")
        .json()
        .at("/status/clusters")
        .valueStream()
        .filter(c -> c.path("healthy").asBoolean())
        .map(c -> c.path("name").asString())
        .toList();
  }

  /**
   * A stop as the run command's Ctrl-C or SIGTERM makes it logs no error: the agents, the clusters
   * and the federation stop, and every connection to the database is closed before it stops, so
   * PostgreSQL ends none itself ("FATAL: terminating connection due to administrator command").
   */
  private static void assertStoppedCleanly(CapturedOutput output, int printed) {
    assertThat(output.getOut().substring(printed))
        .as("what the sandbox logged as it stopped")
        .doesNotContain(" ERROR ")
        .doesNotContain("FATAL");
  }

  /** Join attempts in the federation's audit log, allowed or not. */
  private static int joins() {
    return fleet.api.get("/api/v1/audit?verb=join&limit=500").json().path("items").size();
  }

  private static List<String> addresses(String name) throws IOException {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(fleet.dns().getPort());
    Message answer =
        resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    return answer.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }
}
