package io.ubernetes.agent;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.ubernetes.mockcluster.MockApiServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A member cluster for tests: a {@link MockApiServer} in CRUD mode, with one-shot expectations on
 * top. It can be stopped and started again on the same port with the same objects, to play an API
 * server outage.
 */
public final class MemberClusterMock implements AutoCloseable {
  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final MockApiServer apiServer =
      new MockApiServer(responses, new KubernetesMixedDispatcher(responses), 0);
  private final KubernetesClient client;

  public MemberClusterMock() {
    client = newClient();
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

  /** The server while it answers, for expectations; null while stopped. */
  public KubernetesMockServer server() {
    return apiServer.server();
  }

  /**
   * A new client, as an agent's: few retries and short timeouts, so that an outage shows at once.
   * Closed with the mock.
   */
  public KubernetesClient newClient() {
    KubernetesClient created =
        apiServer
            .server()
            .createClient(
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
    apiServer.stop();
  }

  /** The API server answers again, on the same port, with the same objects. */
  public void start() {
    apiServer.start();
  }

  @Override
  public void close() {
    stop();
    clients.forEach(KubernetesClient::close);
  }
}
