package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import io.ubernetes.mockcluster.MockApiServer;
import java.net.BindException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fabric8's mock API server in CRUD mode on 127.0.0.1 (a {@link MockApiServer}, the agent's tests'
 * too). It can stop answering and answer again on the same port: the objects live in the {@link
 * ObjectStore}, which outlives each server instance (and, saved, the process).
 */
final class ApiServer {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  /**
   * One serialization for every client of every simulated cluster: each would otherwise build its
   * own deserializers for the whole Kubernetes model, a hundred times over in a large sandbox.
   */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
  private final MockApiServer server;

  /**
   * Starts serving {@code objects} on {@code preferredPort} (where clients of an earlier run look
   * for it), or on a free port when that one is taken or 0.
   */
  ApiServer(ObjectStore objects, int preferredPort) {
    Dispatcher dispatcher = new ExpectationsFirst(responses, objects);
    MockApiServer started = null;
    if (preferredPort > 0) {
      try {
        started = new MockApiServer(responses, dispatcher, preferredPort);
      } catch (IllegalStateException e) {
        if (!portTaken(e)) {
          throw e;
        }
        log.warn(
            "Port {} of the simulated API server is taken; it listens on another one: {}",
            preferredPort,
            e.getCause().getMessage());
      }
    }
    server = started != null ? started : new MockApiServer(responses, dispatcher, 0);
  }

  URI url() {
    return server.url();
  }

  int port() {
    return server.port();
  }

  /** Stops answering: connections are refused. */
  void stop() {
    try {
      server.stop();
    } catch (IllegalStateException e) {
      log.warn("The mock API server on {} did not stop cleanly: {}", url(), e.getMessage());
    }
  }

  /** Answers again, on the same port, with the same objects. */
  void start() {
    if (server.server() == null) {
      // The server adds its /version and / answers on every start.
      responses.clear();
      server.start();
    }
  }

  /**
   * The mock records every request it served; a long-running cluster would keep them all. Called
   * now and then to let them go.
   */
  void forgetRequests() {
    KubernetesMockServer current = server.server();
    if (current == null) {
      return;
    }
    try {
      while (current.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // Dropped: nobody asks the simulated cluster what it served.
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A client with few retries and short timeouts, so that an outage shows at once. The caller
   * closes it. It speaks HTTP/1.1: over cleartext the JDK client would upgrade to HTTP/2, whose
   * framing costs the mock server and the client more CPU than the simulated cluster's work itself
   * when a hundred clusters share a machine; nothing the federation sees depends on it.
   */
  KubernetesClient newClient() {
    return client(0, 5_000);
  }

  /**
   * A client that looks into the cluster from outside its simulation (tests, the sandbox as the
   * clusters' operator): it retries for a few seconds and waits long for an answer, so that a busy
   * machine's stall, or a connection the server dropped as the client reused it, is no failure of
   * what it looks at. The caller closes it.
   */
  KubernetesClient newInspectionClient() {
    return client(6, 30_000);
  }

  private KubernetesClient client(int retries, int requestTimeoutMillis) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url().toString())
            .withNamespace("default")
            .withRequestRetryBackoffLimit(retries)
            .withRequestRetryBackoffInterval(100)
            .withRequestTimeout(requestTimeoutMillis)
            .withConnectionTimeout(1_000)
            .withWatchReconnectInterval(200)
            .withHttp2Disable(true)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new SharedJdkHttpClientFactory())
        .withKubernetesSerialization(SERIALIZATION)
        .build();
  }

  private static boolean portTaken(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fabric8's mixed dispatcher, with the objects in a store of the sandbox's: a request an
   * expectation matches (the server's own {@code /version} and {@code /}) is answered by it, every
   * other by the objects.
   */
  private static final class ExpectationsFirst extends Dispatcher {
    private final Map<ServerRequest, Queue<ServerResponse>> responses;
    private final MockDispatcher expectations;
    private final ObjectStore objects;

    ExpectationsFirst(Map<ServerRequest, Queue<ServerResponse>> responses, ObjectStore objects) {
      this.responses = responses;
      this.expectations = new MockDispatcher(responses);
      this.objects = objects;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      Queue<ServerResponse> expected =
          responses.get(
              new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
      return expected != null && !expected.isEmpty()
          ? expectations.dispatch(request)
          : objects.dispatch(request);
    }

    @Override
    public void shutdown() {
      expectations.shutdown();
      objects.shutdown();
    }

    @Override
    public void releaseResources() {
      expectations.releaseResources();
      objects.releaseResources();
    }
  }
}
