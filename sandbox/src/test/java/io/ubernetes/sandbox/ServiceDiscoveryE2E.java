package io.ubernetes.sandbox;

import static io.ubernetes.sandbox.FleetHarness.PATIENCE;
import static io.ubernetes.sandbox.FleetHarness.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import tools.jackson.databind.JsonNode;

/**
 * Cross-cluster DNS in the sandbox as its run command starts it, asked by dnsjava over UDP on
 * 127.0.0.1: a federated service over three clusters in two zones of one region answers at every
 * level of its names; when the only cluster of a zone fails, the zone's name falls back to the
 * region's by CNAME once the grace period is over, and answers again when the cluster recovers.
 */
class ServiceDiscoveryE2E {
  private static final String NAMESPACE = "shop";
  private static final String SERVICE = "front";
  private static final String DOMAIN = "ubernetes.local";
  private static final String BASE = SERVICE + "." + NAMESPACE + ".federation.svc.";
  private static final String GLOBAL = BASE + DOMAIN + ".";
  private static final String REGION = BASE + "eu-central." + DOMAIN + ".";
  private static final String ZONE_A = BASE + "eu-central-1a.eu-central." + DOMAIN + ".";
  private static final String ZONE_B = BASE + "eu-central-1b.eu-central." + DOMAIN + ".";
  private static final String CLUSTER_FRA_A =
      BASE + "fra-a.eu-central-1a.eu-central." + DOMAIN + ".";
  private static final String CLUSTER_MUC = BASE + "muc.eu-central-1b.eu-central." + DOMAIN + ".";
  private static final String REGION_US = BASE + "us-east." + DOMAIN + ".";

  /** Short, as other timers here are; the TTL of zone names stays the default 5 s. */
  private static final Duration GRACE = Duration.ofSeconds(5);

  private static final Duration LOCAL_TTL = Duration.ofSeconds(5);

  /** Two clusters in one zone of eu-central, one alone in another, and one elsewhere. */
  private static final String FLEET =
      """
      clusters:
        - {name: fra-a, region: eu-central, zone: eu-central-1a, nodes: 1}
        - {name: fra-b, region: eu-central, zone: eu-central-1a, nodes: 1}
        - {name: muc, region: eu-central, zone: eu-central-1b, nodes: 1}
        - {name: us-east, region: us-east, zone: us-east-1a, provider: aws, tier: cloud, nodes: 1}
      """;

  @TempDir static Path data;
  private static FleetHarness fleet;
  private static SimpleResolver dns;

  @BeforeAll
  static void start() throws IOException {
    Path file = Files.writeString(data.resolve("fleet.yaml"), FLEET);
    fleet =
        FleetHarness.sandboxApplication(
            data,
            file,
            Map.of(
                "ubernetes.dns.grace-period",
                GRACE.toSeconds() + "s",
                // Longer than the test: the failed cluster keeps its replicas, so its records go
                // when the DNS grace period ends, not when a failover tombstones its work.
                "ubernetes.scheduler.failover-grace-period",
                "10m"));
    dns = new SimpleResolver("127.0.0.1");
    dns.setPort(fleet.dns().getPort());
    dns.setTimeout(Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void namesAnswerTheNearestHealthyShardsAndAFailedZoneFallsBackToItsRegion() throws IOException {
    String placement =
        """
        {"clusterSelector": {"matchLabels": {"topology.kubernetes.io/region": "eu-central"}},
         "maxReplicasPerCluster": 1}
        """;
    assertThat(
            fleet
                .api
                .post(
                    "/api/v1/namespaces/" + NAMESPACE + "/workloads", workload("web", 3, placement))
                .status())
        .isEqualTo(201);
    Http.Answer created =
        fleet.api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/services",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workload": "web", "type": "LoadBalancer",
                      "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}}
            """
                .formatted(SERVICE));
    assertThat(created.status()).as(created.json().toString()).isEqualTo(201);
    await()
        .atMost(PATIENCE)
        .untilAsserted(
            () -> assertThat(healthyShards()).containsExactlyInAnyOrder("fra-a", "fra-b", "muc"));
    String fraA = ingress("fra-a");
    String fraB = ingress("fra-b");
    String muc = ingress("muc");

    assertThat(addresses(GLOBAL)).containsExactlyInAnyOrder(fraA, fraB, muc);
    assertThat(addresses(REGION)).containsExactlyInAnyOrder(fraA, fraB, muc);
    assertThat(addresses(ZONE_A)).containsExactlyInAnyOrder(fraA, fraB);
    assertThat(addresses(ZONE_B)).containsExactly(muc);
    assertThat(addresses(CLUSTER_FRA_A)).containsExactly(fraA);
    assertThat(first(ask(REGION_US, Type.A)))
        .as("a region without shards falls back to the global name")
        .isEqualTo(REGION_US + " CNAME " + GLOBAL);
    assertThat(srv(GLOBAL)).containsExactlyInAnyOrder(fraA, fraB, muc);
    assertThat(srv(ZONE_A)).containsExactlyInAnyOrder(fraA, fraB);

    assertThat(fleet.api.post("/sandbox/clusters/muc:fail", "").at("/state")).isEqualTo("Failed");
    fleet.awaitReady("muc", "False");
    Instant notReadySince = fleet.readySince("muc");
    await()
        .atMost(GRACE.plus(LOCAL_TTL).plus(PATIENCE))
        .ignoreExceptionsInstanceOf(IOException.class)
        .untilAsserted(
            () -> assertThat(first(ask(ZONE_B, Type.A))).isEqualTo(ZONE_B + " CNAME " + REGION));
    Instant fellBack = Instant.now();

    // Its records outlived the cluster's Ready condition by the grace period (whole seconds).
    assertThat(fellBack).isAfterOrEqualTo(notReadySince.plus(GRACE).minusSeconds(1));
    assertThat(addresses(ZONE_B)).containsExactlyInAnyOrder(fraA, fraB);
    assertThat(first(ask(CLUSTER_MUC, Type.A))).isEqualTo(CLUSTER_MUC + " CNAME " + ZONE_B);
    assertThat(addresses(GLOBAL)).containsExactlyInAnyOrder(fraA, fraB);
    assertThat(srv(GLOBAL)).containsExactlyInAnyOrder(fraA, fraB);

    assertThat(fleet.api.post("/sandbox/clusters/muc:recover", "").at("/state"))
        .isEqualTo("Running");
    fleet.awaitReady("muc", "True");
    await()
        .atMost(PATIENCE)
        .ignoreExceptionsInstanceOf(IOException.class)
        .untilAsserted(
            () -> {
              Message answer = ask(ZONE_B, Type.A);
              assertThat(first(answer)).startsWith(ZONE_B + " A ");
              assertThat(addresses(answer)).containsExactly(ingress("muc"));
            });
    assertThat(addresses(GLOBAL)).containsExactlyInAnyOrder(fraA, fraB, ingress("muc"));
  }

  /** The clusters the service's status calls healthy. */
  private static List<String> healthyShards() {
    JsonNode status =
        fleet.api.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + SERVICE).json();
    return status
        .at("/status/clusters")
        .valueStream()
        .filter(c -> c.path("healthy").asBoolean())
        .map(c -> c.path("name").asString())
        .toList();
  }

  /** The LoadBalancer IP the simulated cluster gave the service's native Service. */
  private static String ingress(String cluster) {
    Service service =
        fleet.cluster(cluster).client().services().inNamespace(NAMESPACE).withName(SERVICE).get();
    assertThat(service).as("the Service in " + cluster).isNotNull();
    List<LoadBalancerIngress> ingress = service.getStatus().getLoadBalancer().getIngress();
    assertThat(ingress).as("the load balancer of " + cluster).hasSize(1);
    return ingress.getFirst().getIp();
  }

  private static Message ask(String name, int type) throws IOException {
    Message answer =
        dns.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    assertThat(answer.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answer.getHeader().getFlag(Flags.AA)).isTrue();
    return answer;
  }

  /** The A records a name ends at, after any CNAMEs. */
  private static List<String> addresses(String name) throws IOException {
    return addresses(ask(name, Type.A));
  }

  private static List<String> addresses(Message answer) {
    return answer.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }

  /** The first answer record, as {@code name TYPE data}. */
  private static String first(Message answer) {
    List<Record> records = answer.getSection(Section.ANSWER);
    assertThat(records).isNotEmpty();
    Record record = records.getFirst();
    return record.getName() + " " + Type.string(record.getType()) + " " + record.rdataToString();
  }

  /**
   * The addresses behind the SRV record of the named port under {@code name}: it names port 80 and
   * the name itself as its target, whose A records come as additional records.
   */
  private static List<String> srv(String name) throws IOException {
    Message answer = ask("_http._tcp." + name, Type.SRV);
    assertThat(answer.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            SRVRecord.class,
            srv -> {
              assertThat(srv.getPort()).isEqualTo(80);
              assertThat(srv.getTarget().toString()).isEqualTo(name);
            });
    return answer.getSection(Section.ADDITIONAL).stream()
        .filter(r -> r.getType() == Type.A)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .toList();
  }
}
