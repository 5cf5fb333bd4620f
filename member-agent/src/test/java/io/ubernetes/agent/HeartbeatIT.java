package io.ubernetes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.NodeGroup;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.report.Resources;
import io.ubernetes.agent.state.DesiredStateStore;
import io.ubernetes.mockcluster.MockApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HeartbeatIT {
  /**
   * How long to wait for what the agent does on its own rhythm: generous, since a loaded machine
   * stretches a heartbeat period of a second many times over; an await returns as soon as it holds.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  @BeforeEach
  void setUp() {
    harness.federation.idleAt(0);
    node("ready-a", "4", "16Gi", true, false);
    node("ready-b", "3500m", "8Gi", true, false);
    node("ready-c", "3500m", "8Gi", true, false);
    node("cordoned", "8", "32Gi", true, true);
    node("not-ready", "8", "32Gi", false, false);
    pod(
        "web-1",
        "ready-a",
        null,
        "Running",
        List.of(requests("250m", "256Mi"), requests("500m", "512Mi")),
        List.of());
    // Init containers run one at a time: the pod needs the largest of them, 1 core and 1Gi.
    pod(
        "batch-1",
        null,
        null,
        "Pending",
        List.of(requests("250m", "128Mi")),
        List.of(requests("1", "1Gi")));
    pod(
        "placed-by-federation",
        "ready-b",
        "ubernetes",
        "Running",
        List.of(requests("2", "4Gi")),
        List.of());
    pod(
        "placed-by-federation-too",
        "ready-c",
        "ubernetes",
        "Pending",
        List.of(requests("2", "4Gi")),
        List.of());
    pod(
        "on-cordoned",
        "cordoned",
        "ubernetes",
        "Running",
        List.of(requests("1", "1Gi")),
        List.of());
    pod("done", "ready-b", null, "Succeeded", List.of(requests("4", "4Gi")), List.of());
    pod("crashed", "ready-c", null, "Failed", List.of(requests("4", "4Gi")), List.of());
  }

  private void node(String name, String cpu, String memory, boolean ready, boolean unschedulable) {
    Map<String, Quantity> allocatable =
        Map.of(
            "cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
    Node node =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withUnschedulable(unschedulable)
            .endSpec()
            .withNewStatus()
            .withAllocatable(allocatable)
            .addNewCondition()
            .withType("Ready")
            .withStatus(ready ? "True" : "False")
            .endCondition()
            .endStatus()
            .build();
    harness.kube.nodes().resource(node).create();
  }

  private static Map<String, Quantity> requests(String cpu, String memory) {
    return Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory));
  }

  private void pod(
      String name,
      String nodeName,
      String managedBy,
      String phase,
      List<Map<String, Quantity>> containers,
      List<Map<String, Quantity>> initContainers) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace("apps")
            .endMetadata()
            .withNewStatus()
            .withPhase(phase)
            .endStatus();
    if (managedBy != null) {
      pod.editMetadata().addToLabels("ubernetes.io/managed-by", managedBy).endMetadata();
    }
    PodBuilder withSpec = pod.withNewSpec().withNodeName(nodeName).endSpec();
    int i = 0;
    for (Map<String, Quantity> request : containers) {
      withSpec.editSpec().addToContainers(container("c" + i++, request)).endSpec();
    }
    for (Map<String, Quantity> request : initContainers) {
      withSpec.editSpec().addToInitContainers(container("init" + i++, request)).endSpec();
    }
    Pod built = withSpec.build();
    harness.kube.pods().inNamespace("apps").resource(built).create();
  }

  private static io.fabric8.kubernetes.api.model.Container container(
      String name, Map<String, Quantity> request) {
    return new ContainerBuilder()
        .withName(name)
        .withImage("busybox")
        .withNewResources()
        .withRequests(request)
        .endResources()
        .build();
  }

  @Test
  void reportsWhatReadySchedulableNodesOfferAndWhatUnmanagedLivePodsRequest() {
    Instant started = Instant.now();
    harness.start();

    await().atMost(PATIENCE).until(() -> !harness.federation.heartbeats().isEmpty());
    Heartbeat heartbeat = harness.federation.heartbeats().getLast();
    // The agent's own clock, which the federation compares with its own to show the skew.
    assertThat(Instant.parse(heartbeat.sentAt())).isBetween(started, Instant.now());
    assertThat(heartbeat.allocatable()).isEqualTo(new Amounts("11", "32Gi", "330"));
    assertThat(heartbeat.allocated()).isEqualTo(new Amounts("1750m", "1792Mi", "2"));
    assertThat(heartbeat.kubernetesVersion()).isEqualTo(MockApiServer.KUBERNETES_VERSION);
    assertThat(heartbeat.agentVersion()).isNotBlank();
    assertThat(heartbeat.apiServerReachable()).isTrue();
  }

  @Test
  void reportsWhatEachReadySchedulableNodeHasFreeAfterEveryLivePodBoundToIt() {
    harness.start();

    await().atMost(PATIENCE).until(() -> !harness.federation.heartbeats().isEmpty());
    // ready-a: 4 cores less web-1; ready-b and ready-c: 3.5 cores less the federation's own pods
    // (Running or Pending alike once bound), terminated pods not counted. The cordoned and the
    // unready node take no pods; batch-1 is bound to no node yet.
    assertThat(harness.federation.heartbeats().getLast().nodes())
        .containsExactly(
            new NodeGroup(1, new Amounts("3250m", "15616Mi", "109")),
            new NodeGroup(2, new Amounts("1500m", "4Gi", "109")));
  }

  @Test
  void reportsNodesFilledInManyWaysInCoarserGradesThatNeverExceedWhatANodeHasFree() {
    List<Resources> real = new ArrayList<>();
    real.add(new Resources(3250, 15616L << 20, 109));
    real.add(new Resources(1500, 4L << 30, 109));
    real.add(new Resources(1500, 4L << 30, 109));
    for (int i = 0; i < 70; i++) {
      long milliCpu = 1000 + 13L * i;
      long memory = (6L << 30) + i * (37L << 20);
      node("busy-" + i, milliCpu + "m", memory + "", true, false);
      real.add(new Resources(milliCpu, memory, 110));
    }
    harness.start();

    await()
        .atMost(PATIENCE)
        .until(
            () ->
                !harness.federation.heartbeats().isEmpty()
                    && harness
                        .federation
                        .heartbeats()
                        .getLast()
                        .allocatable()
                        .pods()
                        .equals("8030"));
    List<NodeGroup> groups = harness.federation.heartbeats().getLast().nodes();

    assertThat(groups).hasSizeLessThanOrEqualTo(64);
    assertThat(groups.stream().mapToInt(NodeGroup::count).sum()).isEqualTo(73);
    assertThat(NodeFit.everyNodeHasAGroupAtMostItsFree(real, groups))
        .as("each node is counted in a group that claims no more than the node has free")
        .isTrue();
  }

  @Test
  void tellsTheFederationHowFarItsStoredStateGoes() {
    harness.start();
    await().atMost(PATIENCE).until(() -> !harness.federation.heartbeats().isEmpty());
    long before = harness.federation.heartbeats().getLast().workRevision();

    harness.federation.feed(
        0,
        new WorkFeed(
            42,
            List.of(Workloads.item("shop", "web", 1, 41, Workloads.deployment("shop", "web", 2))),
            List.of(Workloads.tombstone("shop", "old", 42))));
    harness.federation.idleAt(42);

    await()
        .atMost(PATIENCE)
        .until(() -> harness.federation.heartbeats().getLast().workRevision() == 42);
    ConfigMap state =
        harness
            .kube
            .configMaps()
            .inNamespace(AgentConfig.DEFAULT_STATE_NAMESPACE)
            .withName(DesiredStateStore.CONFIG_MAP)
            .get();
    assertThat(before).isZero();
    assertThat(state).as("the revision is acknowledged once stored in the cluster").isNotNull();
  }

  @Test
  void keepsBeatingWithTheLastKnownCapacityWhileTheApiServerIsDown() {
    KubernetesClient agentClient = harness.cluster.newClient();
    harness.start(TestAgents.config(harness.federation), agentClient);
    await().atMost(PATIENCE).until(() -> !harness.federation.heartbeats().isEmpty());
    String server =
        agentClient.getMasterUrl().getHost() + ":" + agentClient.getMasterUrl().getPort();

    try (LogCapture logs = new LogCapture()) {
      harness.cluster.stop();

      await()
          .atMost(PATIENCE)
          .until(() -> !harness.federation.heartbeats().getLast().apiServerReachable());
      // Why, in plain words, not the client's "Operation: [list] for kind: [Node] ... failed."
      await()
          .atMost(PATIENCE)
          .untilAsserted(
              () ->
                  assertThat(logs.allLines())
                      .anySatisfy(
                          line ->
                              // Refused once it is down; reset if it stopped in the middle of
                              // a request.
                              assertThat(line)
                                  .matches(
                                      Pattern.quote(
                                              "Reading the capacity from the member API server"
                                                  + " failed, will try again: listing Nodes:"
                                                  + " connection ")
                                          + "(refused|reset)"
                                          + Pattern.quote(" by " + server)
                                          + ".*")));
    }
    Heartbeat unreachable = harness.federation.heartbeats().getLast();
    assertThat(unreachable.allocatable()).isEqualTo(new Amounts("11", "32Gi", "330"));
    assertThat(unreachable.allocated()).isEqualTo(new Amounts("1750m", "1792Mi", "2"));
    assertThat(unreachable.kubernetesVersion()).isEqualTo(MockApiServer.KUBERNETES_VERSION);
    assertThat(unreachable.nodes())
        .hasSize(2)
        .isEqualTo(harness.federation.heartbeats().getFirst().nodes());

    harness.cluster.start();

    await()
        .atMost(PATIENCE)
        .until(() -> harness.federation.heartbeats().getLast().apiServerReachable());
  }
}
