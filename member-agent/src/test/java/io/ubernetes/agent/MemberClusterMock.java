package io.ubernetes.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A member cluster for tests: Fabric8's mock API server in CRUD mode (with one-shot expectations on
 * top) on 127.0.0.1. It can be stopped and started again on the same port with the same objects, to
 * play an API server outage.
 */
public final class MemberClusterMock implements AutoCloseable {
  public static final String KUBERNETES_VERSION = "v1.31.2";

  /** The mock logs every request through java.util.logging; held here so the level sticks. */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final KubernetesMixedDispatcher dispatcher = new KubernetesMixedDispatcher(responses);
  private final List<KubernetesClient> clients = new ArrayList<>();
  private KubernetesMockServer server;
  private final int port;
  private final KubernetesClient client;

  public MemberClusterMock() {
    server = newServer(0);
    port = server.getPort();
    client = newClient();
  }

  private KubernetesMockServer newServer(int onPort) {
    KubernetesMockServer created =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            dispatcher,
            false,
            new VersionInfo.Builder()
                .withMajor("1")
                .withMinor("31")
                .withGitVersion(KUBERNETES_VERSION)
                .build());
    try {
      created.init(InetAddress.getByName("127.0.0.1"), onPort);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return created;
  }

  /** The client tests use to arrange and inspect the cluster. */
  public KubernetesClient client() {
    return client;
  }

  /** Adds a Ready node that offers this much to pods, with these labels. */
  public void addReadyNode(
      String name, String cpu, String memory, String pods, Map<String, String> labels) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewStatus()
                .addToAllocatable("cpu", new Quantity(cpu))
                .addToAllocatable("memory", new Quantity(memory))
                .addToAllocatable("pods", new Quantity(pods))
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build())
        .create();
  }

  public KubernetesMockServer server() {
    return server;
  }

  /**
   * A new client, as an agent's: few retries and short timeouts, so that an outage shows at once.
   * Closed with the mock.
   */
  public KubernetesClient newClient() {
    KubernetesClient created =
        server.createClient(
            builder ->
                builder
                    .editOrNewConfig()
                    .withRequestRetryBackoffLimit(0)
                    .withRequestTimeout(2_000)
                    .withConnectionTimeout(1_000)
                    .withWatchReconnectInterval(200)
                    .endConfig());
    clients.add(created);
    return created;
  }

  /**
   * The API server stops answering; its objects are kept. Tests stop it before they close an agent
   * that watches it: the mock server's event loop waits for the watch events it is sending when a
   * client closes a watch, and can stall for a minute, whereas a server that goes away first just
   * drops them.
   */
  public void stop() {
    if (server != null) {
      server.destroy();
      server = null;
    }
  }

  /** The API server answers again, on the same port, with the same objects. */
  public void start() {
    if (server == null) {
      server = newServer(port);
    }
  }

  @Override
  public void close() {
    stop();
    clients.forEach(KubernetesClient::close);
  }
}
