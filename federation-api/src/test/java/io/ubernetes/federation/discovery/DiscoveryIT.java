package io.ubernetes.federation.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.scheduling.MutableClock;
import io.ubernetes.federation.scheduling.SchedulingIntegrationTest;
import io.ubernetes.federation.testing.ApiClient;
import io.ubernetes.federation.testing.ApiClient.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A federated service from agents' reports to answers: its status, the embedded DNS server over a
 * real socket, the exports, and the grace period of a cluster that stops being Ready.
 */
class DiscoveryIT extends SchedulingIntegrationTest {
  private static final String TOKEN = "test-join-token";
  private static final String NAMESPACE = "dns";

  @Autowired private ServiceDirectory directory;
  @Autowired private EmbeddedDnsServer server;
  @Autowired private MutableClock clock;

  private final Map<String, String> credentials = new HashMap<>();

  @AfterEach
  void removeThisTestsClusters() {
    credentials.keySet().forEach(cluster -> api.delete("/api/v1/clusters/" + cluster));
  }

  @Test
  void theInfoEndpointTellsWhereTheDnsServerListens() {
    Response info = api.get("/actuator/info");

    assertThat(info.status()).as(info.body()).isEqualTo(200);
    assertThat(info.json().at("/dns/enabled").asBoolean()).isTrue();
    assertThat(info.json().at("/dns/address").asString()).isEqualTo("127.0.0.1");
    assertThat(info.json().at("/dns/port").asInt()).isEqualTo(server.address().getPort());
    assertThat(info.json().at("/dns/domain").asString()).isEqualTo("ubernetes.local");
  }

  @Test
  void reportedEndpointsBecomeStatusRecordsAndExportsAndExpireAfterTheGracePeriod()
      throws IOException {
    String serving = join(run + "-a");
    String idle = join(run + "-b");
    String workload = run + "-web";
    String service = run + "-front";
    workloadEverywhere(workload);
    schedule();
    Response created =
        api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/services",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workload": "%s", "ports": [{"name": "http", "port": 80}]}}
            """
                .formatted(service, workload));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid =
        api.get("/api/v1/namespaces/" + NAMESPACE + "/workloads/" + workload).at("/metadata/uid");
    reportService(serving, uid, service, List.of("10.0.0.1", "127.0.0.1"), 1);
    reportService(idle, uid, service, List.of(), 0);

    directory.refresh();

    Response status = api.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + service);
    String global = service + "." + NAMESPACE + ".federation.svc.ubernetes.local";
    assertThat(status.json().at("/status/clusters").toString())
        .contains("\"name\":\"" + serving + "\"")
        .contains("\"healthy\":true")
        .contains("\"healthy\":false");
    assertThat(status.json().at("/status/dnsNames/0").asString()).isEqualTo(global);

    // Loopback is not routable: only 10.0.0.1 is served.
    assertThat(addresses(global)).containsExactly(global + ". A 10.0.0.1");
    String idleName =
        service
            + "."
            + NAMESPACE
            + ".federation.svc."
            + idle
            + ".eu-central-a.eu-central.ubernetes.local";
    assertThat(addresses(idleName))
        .first()
        .asString()
        .contains("CNAME " + service + "." + NAMESPACE + ".federation.svc.eu-central-a.eu-central");

    assertThat(api.get("/api/v1/dns/zone", "text/dns").body())
        .contains(global + ". 30 IN A 10.0.0.1");
    String endpoints = api.get("/api/v1/dns/endpoints?ownerId=ops", "application/yaml").body();
    assertThat(endpoints)
        .contains("kind: \"DNSEndpoint\"")
        .contains("dnsName: \"" + global + "\"")
        .contains("ops");
    Response feed = api.get("/api/v1/dns/records?since=-1");
    assertThat(feed.json().path("version").asLong()).isEqualTo(directory.directory().version());

    // The cluster stops being Ready: its records stay for the grace period, then go.
    report(serving, "False", 64);
    directory.refresh();
    assertThat(addresses(global)).containsExactly(global + ". A 10.0.0.1");

    clock.advance(Duration.ofSeconds(91));
    directory.refresh();
    assertThat(addresses(global)).isEmpty();
    assertThat(
            api.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + service)
                .json()
                .at("/status/clusters")
                .toString())
        .doesNotContain("\"healthy\":true");
  }

  @Test
  void aFailoverWithinTheGracePeriodKeepsTheRecordsOfTheClusterItCannotReach() throws IOException {
    String lost = join(run + "-a");
    String other = join(run + "-b");
    String workload = run + "-web";
    String service = run + "-front";
    workloadEverywhere(workload);
    schedule();
    Response created =
        api.post(
            "/api/v1/namespaces/" + NAMESPACE + "/services",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workload": "%s", "ports": [{"name": "http", "port": 80}]}}
            """
                .formatted(service, workload));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid =
        api.get("/api/v1/namespaces/" + NAMESPACE + "/workloads/" + workload).at("/metadata/uid");
    reportService(lost, uid, service, List.of("10.0.0.1"), 1);
    reportService(other, uid, service, List.of("10.0.0.2"), 1);
    directory.refresh();
    String global = service + "." + NAMESPACE + ".federation.svc.ubernetes.local";
    assertThat(addresses(global)).containsExactly(global + ". A 10.0.0.1", global + ". A 10.0.0.2");

    // Out of contact past the failover's grace period (60 s) but within the records' (90 s): the
    // scheduler removes its work, which its agent cannot hear of yet, and its records stay.
    report(lost, "False", 64);
    clock.advance(Duration.ofSeconds(61));
    report(other, "True", 64);
    schedule();
    assertThat(replicas(NAMESPACE, workload)).doesNotContainKey(lost);
    directory.refresh();
    assertThat(addresses(global)).containsExactly(global + ". A 10.0.0.1", global + ". A 10.0.0.2");

    clock.advance(Duration.ofSeconds(30));
    directory.refresh();
    assertThat(addresses(global)).containsExactly(global + ". A 10.0.0.2");
    assertThat(
            api.get("/api/v1/namespaces/" + NAMESPACE + "/services/" + service)
                .json()
                .at("/status/clusters")
                .toString())
        .doesNotContain(lost);
  }

  @Test
  void aCallerConfinedToANamespaceExportsOnlyThatNamespacesRecords() throws IOException {
    String shop = run + "-shop";
    String billing = run + "-billing";
    String cluster = join(run + "-a");
    String service = "front";
    serviceWithEndpoints(shop, service, cluster, "10.0.1.1");
    serviceWithEndpoints(billing, service, cluster, "10.0.2.1");
    directory.refresh();
    String shopName = service + "." + shop + ".federation.svc.ubernetes.local";
    String billingName = service + "." + billing + ".federation.svc.ubernetes.local";
    ApiClient confined = api.withToken(token("operator", List.of(shop)));
    ApiClient elsewhere = api.withToken(token("viewer", List.of(run + "-empty")));
    ApiClient unconfined = api.withToken(token("viewer", List.of()));
    assertThat(confined.get("/api/v1/namespaces/" + billing + "/services/" + service).status())
        .isEqualTo(403);

    String zone = confined.get("/api/v1/dns/zone", "text/dns").body();
    String endpoints = confined.get("/api/v1/dns/endpoints", "application/yaml").body();
    Response feed = confined.get("/api/v1/dns/records?since=-1&timeoutSeconds=0");

    assertThat(zone).contains(shopName + ". 30 IN A 10.0.1.1").doesNotContain(billing, "10.0.2.1");
    assertThat(validZone(zone)).contains(shopName + ".").doesNotContain(billingName + ".");
    assertThat(endpoints)
        .contains("dnsName: \"" + shopName + "\"")
        .doesNotContain(billing, "10.0.2.1");
    assertThat(feed.json().path("version").asLong()).isEqualTo(directory.directory().version());
    assertThat(feed.json().path("services").valueStream().map(s -> s.path("namespace").asString()))
        .containsOnly(shop);
    assertThat(feed.body()).doesNotContain("10.0.2.1");

    // A namespace without services: a zone all the same, with its apex, and nothing else's.
    String empty = elsewhere.get("/api/v1/dns/zone", "text/dns").body();
    assertThat(validZone(empty)).doesNotContain(shopName + ".", billingName + ".");
    assertThat(elsewhere.get("/api/v1/dns/endpoints", "application/yaml").body())
        .doesNotContain("DNSEndpoint");

    // Callers confined to no namespace see everything, and the DNS server answers for all.
    assertThat(validZone(unconfined.get("/api/v1/dns/zone", "text/dns").body()))
        .contains(shopName + ".", billingName + ".");
    assertThat(unconfined.get("/api/v1/dns/endpoints", "application/yaml").body())
        .contains(shopName, billingName);
    assertThat(
            unconfined
                .get("/api/v1/dns/records?since=-1&timeoutSeconds=0")
                .json()
                .path("services")
                .valueStream()
                .map(s -> s.path("namespace").asString()))
        .contains(shop, billing);
    assertThat(addresses(billingName)).containsExactly(billingName + ". A 10.0.2.1");
  }

  /**
   * The owner names of a zone file that parses as one, with its SOA first, at least one NS at the
   * apex, and every name inside the zone.
   */
  private static List<String> validZone(String file) throws IOException {
    Name origin = Name.fromString("ubernetes.local.");
    List<Record> records = new ArrayList<>();
    try (Master master =
        new Master(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)), origin)) {
      for (Record record = master.nextRecord(); record != null; record = master.nextRecord()) {
        records.add(record);
      }
    }
    assertThat(records).first().extracting(Record::getType).isEqualTo(Type.SOA);
    assertThat(records)
        .filteredOn(r -> r.getType() == Type.NS)
        .extracting(Record::getName)
        .isNotEmpty()
        .containsOnly(origin);
    assertThat(records).allMatch(r -> r.getName().subdomain(origin), "inside the zone");
    return records.stream().map(r -> r.getName().toString()).distinct().toList();
  }

  private void serviceWithEndpoints(
      String namespace, String service, String cluster, String address) {
    String workload = service + "-app";
    workloadEverywhere(namespace, workload);
    schedule();
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/services",
            """
            {"metadata": {"name": "%s"},
             "spec": {"workload": "%s", "ports": [{"name": "http", "port": 80}]}}
            """
                .formatted(service, workload));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String uid =
        api.get("/api/v1/namespaces/" + namespace + "/workloads/" + workload).at("/metadata/uid");
    reportService(cluster, uid, service, List.of(address), 1);
  }

  private String token(String role, List<String> namespaces) {
    return api.issueToken(run + "-" + role + "-" + namespaces.size(), role, namespaces);
  }

  private List<String> addresses(String name) throws IOException {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(server.address().getPort());
    resolver.setTimeout(Duration.ofSeconds(2));
    Message response =
        resolver.send(
            Message.newQuery(Record.newRecord(Name.fromString(name + "."), Type.A, DClass.IN)));
    return response.getSection(Section.ANSWER).stream()
        .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
        .toList();
  }

  private void reportService(
      String cluster, String workloadUid, String service, List<String> addresses, int ready) {
    String body =
        """
        {"workloads": [{"workloadUid": "%s", "generation": 1, "applied": true, "replicas": 2,
                        "readyReplicas": 2, "errors": [],
                        "services": [{"name": "%s", "addresses": %s, "readyEndpoints": %d}]}]}
        """
            .formatted(
                workloadUid, service, addresses.stream().map(a -> "\"" + a + "\"").toList(), ready);
    Response reported = agent("PUT", "/api/v1/agent/clusters/" + cluster + "/status", body);
    assertThat(reported.status()).as(reported.body()).isEqualTo(204);
  }

  private String join(String cluster) {
    Response joined =
        api.post(
            "/api/v1/agent/join",
            """
            {"cluster": "%s", "joinToken": "%s", "requestId": "request-%s",
             "facts": {"region": "eu-central", "zone": "eu-central-a", "provider": "test",
                       "tier": "onprem", "kubernetesVersion": "v1.31.2", "agentVersion": "test"}}
            """
                .formatted(cluster, TOKEN, cluster));
    assertThat(joined.status()).as(joined.body()).isEqualTo(200);
    credentials.put(cluster, joined.at("/credential"));
    api.mergePatch(
        "/api/v1/clusters/" + cluster,
        "{\"metadata\": {\"labels\": {\"test-run\": \"" + run + "\"}}}");
    report(cluster, "True", 64);
    return cluster;
  }

  private void workloadEverywhere(String name) {
    workloadEverywhere(NAMESPACE, name);
  }

  private void workloadEverywhere(String namespace, String name) {
    Response created =
        api.post(
            "/api/v1/namespaces/" + namespace + "/workloads",
            """
            {"metadata": {"name": "%s"},
             "spec": {"replicas": 2,
                      "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                                   "spec": {"selector": {"matchLabels": {"app": "x"}},
                                            "template": {"metadata": {"labels": {"app": "x"}},
                                                         "spec": {"containers": [{"name": "x", "image": "nginx",
                                                                  "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}}}]}}}},
                      "placement": {"clusterSelector": {"matchLabels": {"test-run": "%s"}},
                                    "mode": "Duplicated"}}}
            """
                .formatted(name, run));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  private Response agent(String method, String path, String body) {
    String cluster = path.split("/")[5];
    return new ApiClient(port()).sendAuthorized(method, path, credentials.get(cluster), body);
  }
}
