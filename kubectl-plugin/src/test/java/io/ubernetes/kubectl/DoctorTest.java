package io.ubernetes.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ubernetes.kubectl.Federation.Run;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code doctor} against a federation API on real HTTP(S) and a DNS server on real UDP: a healthy
 * fleet is all OK and exits 0; each problem gets its line, what to do, and exit 1 when something
 * does not work (warnings alone exit 0).
 */
class DoctorTest {
  private static final String API = "/apis/ubernetes.io/v1/";
  private static final String TOKEN = "ubt_alice_0123456789abcdef0123";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;
  private DnsResponder dns;
  private Federation federation;

  @BeforeEach
  void start() throws IOException {
    dns = new DnsResponder();
    federation = healthy(new Federation());
  }

  @AfterEach
  void stop() throws InterruptedException {
    federation.close();
    dns.close();
  }

  @Test
  void aHealthyFederationOverHttpsIsAllOkAndExitsZero() throws Exception {
    federation.close();
    federation =
        healthy(Federation.https(KeyStores.selfSigned(directory, 365), KeyStores.PASSWORD));

    Run doctor = federation.run("doctor");

    assertThat(doctor.exitCode()).as(doctor.out() + doctor.err()).isZero();
    assertThat(doctor.out().lines().skip(1).takeWhile(line -> !line.isEmpty()))
        .allMatch(line -> line.startsWith("OK "))
        .anyMatch(
            line ->
                line.matches(
                    "OK +service +https://127\\.0\\.0\\.1:\\d+/ answers and is ready; its database is UP"))
        .anyMatch(
            line -> line.matches("OK +clock +this machine's clock is within 5s of the service's"))
        .anyMatch(
            line ->
                line.matches(
                    "OK +cluster +2 of 2 clusters Ready, their agents' heartbeats on time"))
        .anyMatch(
            line ->
                line.matches(
                    "OK +agent-clock +the clocks of 2 agents are within 5s of the service's"))
        .anyMatch(
            line ->
                line.matches(
                    "OK +tls +the service's certificate \\(CN=localhost\\) expires in 36[45]d .*"))
        .anyMatch(line -> line.matches("OK +token +API token alice expires in 8[89]d .*"))
        .anyMatch(
            line ->
                line.matches(
                    "OK +dns +127\\.0\\.0\\.1:\\d+ answers checkout\\.shop\\.federation\\.svc\\.ubernetes\\.local \\(1 record\\)"))
        .anyMatch(line -> line.matches("OK +workload +1 of 1 workloads scheduled and ready.*"));
    assertThat(doctor.out()).endsWith("All 8 checks OK.\n").doesNotContain("What to do");
    assertThat(dns.asked).containsExactly("checkout.shop.federation.svc.ubernetes.local.");
  }

  @Test
  void aDatabaseDownFailsTheServiceCheckAndExitsOne() {
    federation.answer(
        "/actuator/health/readiness",
        503,
        """
        {"status": "DOWN", "components": {"db": {"status": "DOWN"}, "readinessState": {"status": "UP"}}}
        """);

    Run doctor = federation.run("doctor");

    assertThat(doctor.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(doctor.out())
        .containsPattern(
            "FAIL +service +http://127\\.0\\.0\\.1:\\d+/ answers but its database is DOWN")
        .contains("service: check the PostgreSQL the service uses (spring.datasource.url)");
  }

  @Test
  void anUnreachableServiceIsOneFailedLine() throws IOException {
    String nobody;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      nobody = "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    Run doctor = federation.runAgainst(nobody, "doctor");

    assertThat(doctor.exitCode()).isEqualTo(1);
    assertThat(doctor.out().lines().filter(line -> line.startsWith("FAIL")))
        .singleElement()
        .asString()
        .contains("no answer from " + nobody);
    assertThat(doctor.out()).contains("kubectl config view --minify");
  }

  @Test
  void thisMachinesClockFarFromTheServicesFailsAndALittleOffWarns() {
    Run far = federation.ticking(Duration.ofMinutes(3), TOKEN).run("doctor");
    Run near = federation.ticking(Duration.ofSeconds(-20), TOKEN).run("doctor");

    assertThat(far.exitCode()).isEqualTo(1);
    assertThat(far.out())
        .containsPattern("FAIL +clock +this machine's clock is 1(79|80|81)s ahead of the service's")
        .contains("clock: synchronize the clocks of this machine and the service's host");
    assertThat(near.exitCode()).as(near.out()).isZero();
    assertThat(near.out())
        .containsPattern("WARN +clock +this machine's clock is (19|20|21)s behind");
  }

  @Test
  void clustersSilentNeverConnectedAwaitingApprovalOrWithADriftingClockAreNamed() {
    federation.answer(
        API + "memberclusters",
        """
        {"items": [
          %s,
          {"metadata": {"name": "onprem-fra"},
           "status": {"conditions": [
              %s,
              {"type": "Ready", "status": "Unknown", "reason": "HeartbeatTimeout", "message": "No heartbeat since then", "lastTransitionTime": "{{now-10m}}"}],
            "lastHeartbeatTime": "{{now-11m}}"}},
          {"metadata": {"name": "gcp-new"},
           "status": {"conditions": [%s,
              {"type": "Ready", "status": "Unknown", "reason": "AgentNeverConnected", "message": "no heartbeat yet", "lastTransitionTime": "{{now-30m}}"}]}},
          {"metadata": {"name": "azure-wait"},
           "status": {"conditions": [{"type": "Joined", "status": "False", "reason": "AwaitingApproval", "message": "waits", "lastTransitionTime": "{{now-3h}}"}]}},
          {"metadata": {"name": "aws-drift"},
           "status": {"conditions": [%s, %s], "lastHeartbeatTime": "{{now-1s}}", "clockSkewSeconds": -90}}
        ]}
        """
            .formatted(cluster("aws-eu-west", 0), JOINED, JOINED, JOINED, READY));

    Run doctor = federation.ticking(Duration.ZERO, TOKEN).run("doctor");

    assertThat(doctor.exitCode()).isEqualTo(1);
    assertThat(doctor.out())
        .containsPattern("OK +cluster +2 of 5 clusters Ready")
        .containsPattern(
            "FAIL +cluster +onprem-fra: Ready=Unknown for 10m \\(HeartbeatTimeout: No heartbeat"
                + " since then\\); last heartbeat 11m ago")
        .containsPattern(
            "FAIL +cluster +gcp-new: never connected: joined 60m ago and no heartbeat since")
        .containsPattern("WARN +cluster +azure-wait: waiting for approval for 3h")
        .containsPattern("FAIL +agent-clock +aws-drift's agent clock is 90s behind the service's")
        .contains(
            "cluster: check that its agent runs and reaches the federation: kubectl --context"
                + " onprem-fra -n ubernetes-system logs -l app.kubernetes.io/name=member-agent")
        .contains("cluster: approve or deny it (admin): POST /api/v1/clusters/azure-wait:approve");
  }

  @Test
  void aServiceCertificateExpiringWithin30DaysWarnsAndPlainHttpWarnsToo() throws Exception {
    Run plain = federation.run("doctor");
    federation.close();
    federation = healthy(Federation.https(KeyStores.selfSigned(directory, 10), KeyStores.PASSWORD));

    Run soon = federation.run("doctor");

    assertThat(plain.exitCode()).isZero();
    assertThat(plain.out())
        .containsPattern("WARN +tls +http://127\\.0\\.0\\.1:\\d+/ is plain HTTP");
    assertThat(soon.exitCode()).as(soon.out()).isZero();
    assertThat(soon.out())
        .containsPattern(
            "WARN +tls +the service's certificate \\(CN=localhost\\) expires in (9|10)d")
        .contains("tls: renew the certificate the service serves (server.ssl.*)");
  }

  @Test
  void anOwnTokenExpiringSoonOrOthersExpiringWarnAndAnExpiredOneFails() {
    federation.answer(
        "/api/v1/tokens",
        """
        {"items": [
          {"id": "alice", "name": "alice", "expiresAt": "{{now+5d}}"},
          {"id": "ci", "name": "ci-shop", "expiresAt": "{{now+12d}}"},
          {"id": "old", "name": "old", "expiresAt": "{{now+12d}}", "revokedAt": "{{now-1d}}"},
          {"id": "later", "name": "later", "expiresAt": "{{now+200d}}"}]}
        """);
    Run soon = federation.run("doctor");
    federation.answer(
        "/api/v1/tokens", "{\"items\": [{\"id\": \"alice\", \"expiresAt\": \"{{now-2d}}\"}]}");
    Run expired = federation.run("doctor");
    federation.answer("/api/v1/tokens", 403, "{\"detail\": \"tokens are for admins\"}");
    Run viewer = federation.run("doctor");

    assertThat(soon.exitCode()).as(soon.out()).isZero();
    assertThat(soon.out())
        .containsPattern("WARN +token +API token alice expires in (4|5)d")
        .containsPattern(
            "WARN +token +1 other API token expires within 30 days: ci-shop \\(ci\\) in 1[12]d");
    assertThat(expired.exitCode()).isEqualTo(1);
    assertThat(expired.out()).containsPattern("FAIL +token +API token alice expired 2d ago");
    assertThat(viewer.exitCode()).isZero();
    assertThat(viewer.out())
        .containsPattern("WARN +token +when API token alice expires is for admins to see");
  }

  @Test
  void aDnsServerThatDoesNotAnswerFailsAndOneWithoutTheNameWarns() throws Exception {
    int silent;
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      silent = socket.getLocalPort();
    }
    dns.answering(3, 0);
    Run nameless = federation.run("doctor");
    Run deaf = federation.run("doctor", "--dns", "127.0.0.1:" + silent);

    assertThat(nameless.exitCode()).as(nameless.out()).isZero();
    assertThat(nameless.out())
        .containsPattern(
            "WARN +dns +127\\.0\\.0\\.1:\\d+ answers, but has no address for"
                + " checkout\\.shop\\.federation\\.svc\\.ubernetes\\.local \\(NXDOMAIN\\)");
    assertThat(deaf.exitCode()).isEqualTo(1);
    assertThat(deaf.out())
        .containsPattern(
            "FAIL +dns +127\\.0\\.0\\.1:" + silent + " did not answer for checkout\\.shop")
        .contains("that UDP to 127.0.0.1:" + silent + " is not blocked");
  }

  @Test
  void withoutServicesTheDnsCheckAsksForTheZonesSoa() {
    federation.answer(API + "federatedservices", "{\"items\": []}");

    Run doctor = federation.run("doctor");

    assertThat(doctor.out())
        .containsPattern("OK +dns +127\\.0\\.0\\.1:\\d+ answers ubernetes\\.local SOA");
    assertThat(dns.asked).containsExactly("ubernetes.local.");
  }

  @Test
  void workloadsUnscheduledOrNotReadyLongerThanTheThresholdFailWithTheirReason() {
    federation.answer(
        API + "federatedworkloads",
        """
        {"items": [
          %s,
          {"metadata": {"name": "big", "namespace": "shop", "creationTimestamp": "{{now-1h}}"},
           "status": {"conditions": [{"type": "Scheduled", "status": "False", "reason": "Unschedulable",
              "message": "0/4 clusters are available: 4 no node has 64 CPU free", "lastTransitionTime": "{{now-20m}}"}]}},
          {"metadata": {"name": "fresh", "namespace": "shop", "creationTimestamp": "{{now-3m}}"},
           "status": {"conditions": [%s, {"type": "Ready", "status": "False", "reason": "NotReady",
              "message": "0/2 replicas ready", "lastTransitionTime": "{{now-2m}}"}]}}
        ]}
        """
            .formatted(workload("web"), SCHEDULED));
    federation.answer(
        API + "clusterfederatedworkloads",
        """
        {"items": [{"metadata": {"name": "agents", "creationTimestamp": "{{now-2h}}"},
           "status": {"conditions": [%s, {"type": "Ready", "status": "False", "reason": "NotReady",
              "message": "1/4 replicas ready; onprem-fra: 3 pods ImagePullBackOff", "lastTransitionTime": "{{now-40m}}"}]}}]}
        """
            .formatted(SCHEDULED));

    Run doctor = federation.run("doctor");
    Run patient = federation.run("doctor", "--stuck-after", "2h");

    assertThat(doctor.exitCode()).isEqualTo(1);
    assertThat(doctor.out())
        .containsPattern(
            "OK +workload +2 of 4 workloads scheduled and ready, or not stuck for 5m yet")
        .containsPattern(
            "FAIL +workload +shop/big: not Scheduled for 20m \\(Unschedulable: 0/4 clusters are"
                + " available: 4 no node has 64 CPU free\\)")
        .containsPattern(
            "FAIL +workload +clusterfederatedworkload/agents: not Ready for 40m \\(NotReady: 1/4"
                + " replicas ready; onprem-fra: 3 pods ImagePullBackOff\\)")
        .contains("workload: kubectl ubernetes explain big -n shop")
        .contains("workload: kubectl ubernetes where cfw/agents")
        .doesNotContain("shop/fresh");
    assertThat(patient.exitCode()).as(patient.out()).isZero();
  }

  @Test
  void asJsonTheStatusAndEveryFindingWithWhatToDo() throws Exception {
    federation.answer(
        "/actuator/health/readiness",
        503,
        "{\"status\": \"DOWN\", \"components\": {\"db\": {\"status\": \"DOWN\"}}}");

    Run doctor = federation.run("doctor", "-o", "json");

    assertThat(doctor.exitCode()).isEqualTo(1);
    JsonNode diagnosis = JSON.readTree(doctor.out());
    assertThat(diagnosis.path("status").asText()).isEqualTo("FAIL");
    JsonNode service = diagnosis.path("findings").get(0);
    assertThat(service.path("check").asText()).isEqualTo("service");
    assertThat(service.path("status").asText()).isEqualTo("FAIL");
    assertThat(service.path("action").asText()).contains("spring.datasource.url");
    assertThat(diagnosis.path("findings").findValuesAsText("check"))
        .contains("clock", "cluster", "tls", "token", "dns", "workload");
  }

  @Test
  void badOptionsAreUsageErrors() {
    Run badDns = federation.run("doctor", "--dns", "nowhere");
    Run badAge = federation.run("doctor", "--stuck-after", "soon");

    assertThat(badDns.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(badDns.err()).contains("'nowhere' is not HOST:PORT");
    assertThat(badAge.exitCode()).isEqualTo(2);
    assertThat(badAge.err()).contains("'soon' is not a duration");
  }

  private static final String JOINED =
      """
      {"type": "Joined", "status": "True", "reason": "Joined", "message": "joined", "lastTransitionTime": "{{now-1h}}"}""";
  private static final String READY =
      """
      {"type": "Ready", "status": "True", "reason": "HeartbeatReceived", "message": "fine", "lastTransitionTime": "{{now-1h}}"}""";
  private static final String SCHEDULED =
      """
      {"type": "Scheduled", "status": "True", "reason": "Placed", "message": "2/2 replicas", "lastTransitionTime": "{{now-1h}}"}""";

  private static String cluster(String name, int skew) {
    return """
        {"metadata": {"name": "%s"},
         "status": {"conditions": [%s, %s], "lastHeartbeatTime": "{{now-2s}}", "clockSkewSeconds": %d}}"""
        .formatted(name, JOINED, READY, skew);
  }

  private static String workload(String name) {
    return """
        {"metadata": {"name": "%s", "namespace": "shop", "creationTimestamp": "{{now-1h}}"},
         "status": {"conditions": [%s, {"type": "Ready", "status": "True", "reason": "Ready", "message": "2/2", "lastTransitionTime": "{{now-1h}}"}]}}"""
        .formatted(name, SCHEDULED);
  }

  /**
   * Every check's answer as a healthy federation gives it, on this machine's clock, with a token.
   */
  private Federation healthy(Federation f) {
    return f.ticking(Duration.ZERO, TOKEN)
        .answer(
            "/actuator/health/readiness",
            "{\"status\": \"UP\", \"components\": {\"db\": {\"status\": \"UP\"}, \"readinessState\": {\"status\": \"UP\"}}}")
        .answer("/version", "{\"major\": \"1\", \"minor\": \"35\"}")
        .answer(
            "/actuator/info",
            """
            {"dns": {"enabled": true, "address": "127.0.0.1", "port": %d, "domain": "ubernetes.local", "federation": "federation"}}
            """
                .formatted(dns.port()))
        .answer(
            API + "memberclusters",
            "{\"items\": [%s, %s]}".formatted(cluster("aws-eu-west", 1), cluster("onprem-fra", -2)))
        .answer(
            "/api/v1/tokens",
            """
            {"items": [{"id": "admin", "name": "admin"},
                       {"id": "alice", "name": "alice", "expiresAt": "{{now+89d}}"}]}
            """)
        .answer(
            API + "federatedservices",
            """
            {"items": [{"metadata": {"name": "checkout", "namespace": "shop"},
                        "status": {"dnsNames": ["checkout.shop.federation.svc.ubernetes.local"]}}]}
            """)
        .answer(API + "federatedworkloads", "{\"items\": [%s]}".formatted(workload("web")))
        .answer(API + "clusterfederatedworkloads", "{\"items\": []}");
  }
}
