package io.ubernetes.mockcluster;

import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.Dispatcher;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Queue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fabric8's mock API server on 127.0.0.1, as Kubernetes {@value #KUBERNETES_VERSION}. It can stop
 * answering and answer again on the same port with the same dispatcher, and so the same objects: an
 * API server outage. The member cluster of the agent's tests and the sandbox's simulated clusters
 * run on it.
 */
public final class MockApiServer {
  public static final String KUBERNETES_VERSION = "v1.31.2";

  /** The mock logs every request through java.util.logging; held here so the level sticks. */
  private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(Level.WARNING);
  }

  private final Map<ServerRequest, Queue<ServerResponse>> responses;
  private final Dispatcher dispatcher;
  private final int port;
  private volatile KubernetesMockServer server;

  /**
   * Starts answering on {@code port}, or on a free port when it is 0.
   *
   * @param responses the expectations, which {@code dispatcher} reads too
   * @throws IllegalStateException when it cannot listen there (a {@link java.net.BindException}
   *     among its causes when the port is taken)
   */
  public MockApiServer(
      Map<ServerRequest, Queue<ServerResponse>> responses, Dispatcher dispatcher, int port) {
    this.responses = responses;
    this.dispatcher = dispatcher;
    this.server = listen(port);
    this.port = server.getPort();
  }

  public int port() {
    return port;
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The server while it answers; null while stopped. */
  public KubernetesMockServer server() {
    return server;
  }

  /**
   * Stops answering: connections are refused.
   *
   * @throws IllegalStateException when the server did not stop cleanly; it counts as stopped all
   *     the same
   */
  public void stop() {
    KubernetesMockServer current = server;
    if (current != null) {
      server = null;
      current.destroy();
    }
  }

  /** Answers again, on the same port, with the same dispatcher. */
  public void start() {
    if (server == null) {
      server = listen(port);
    }
  }

  private KubernetesMockServer listen(int onPort) {
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
      created.init(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), onPort);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("127.0.0.1 is not an address", e);
    } catch (IllegalStateException e) {
      // It started its event loop before it failed to listen.
      created.destroy();
      throw e;
    }
    return created;
  }
}
