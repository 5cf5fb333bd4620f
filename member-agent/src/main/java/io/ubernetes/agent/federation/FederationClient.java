package io.ubernetes.agent.federation;

import io.ubernetes.agent.failure.FailureReason;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;

/**
 * The agent's HTTP/JSON client of the federation's agent endpoints ({@link Paths}). Every call goes
 * through retry and a circuit breaker; failures come back as {@link FederationUnavailableException}
 * (try later) or {@link FederationRejectedException} (do not). Over HTTPS it trusts the JDK's
 * default certificates, or exactly those of the given {@link SSLContext} ({@link FederationTrust}).
 */
public final class FederationClient implements AutoCloseable {
  private static final String JSON = "application/json";

  private final HttpClient http;
  private final ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
  private final Responses responses = new Responses();
  private final String baseUrl;
  private final String cluster;
  private final Duration callTimeout;
  private final Duration pollTimeout;
  private final ResilientCalls calls;
  private final AtomicReference<Session> session = new AtomicReference<>(new Session(null, 0));

  /** The credential in use and a counter that tells credentials apart without showing them. */
  private record Session(String credential, long epoch) {}

  public FederationClient(
      URI federationUrl,
      String cluster,
      Duration callTimeout,
      Duration pollTimeout,
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration circuitOpenDuration,
      SSLContext tls) {
    String url = federationUrl.toString();
    this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.cluster = cluster;
    this.callTimeout = callTimeout;
    this.pollTimeout = pollTimeout;
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(callTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(httpThreads);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
    this.calls =
        new ResilientCalls(maxAttempts, initialBackoff, maxBackoff, circuitOpenDuration, cluster);
  }

  /** Asks to join; 200 and 202 are answers, 401, 403 and 409 are rejections. */
  public JoinResponse join(JoinRequest request)
      throws FederationUnavailableException, FederationRejectedException {
    return calls.call(
        "join",
        () -> {
          HttpResponse<byte[]> response = send("join", post(Paths.JOIN, request), callTimeout);
          int status = response.statusCode();
          if (status == 200 || status == 202) {
            return responses.read("join", response, JoinResponse.class);
          }
          throw responses.failure("join", response, Responses.Conflict.FINAL, 0);
        });
  }

  public void heartbeat(Heartbeat heartbeat)
      throws FederationUnavailableException, FederationRejectedException {
    callWithCredential("heartbeat", Paths.HEARTBEAT, heartbeat);
  }

  public void status(StatusReport report)
      throws FederationUnavailableException, FederationRejectedException {
    callWithCredential("status report", Paths.STATUS, report);
  }

  /** Long-polls the work feed; the federation holds the request while nothing changed. */
  public WorkFeed work(long since)
      throws FederationUnavailableException, FederationRejectedException {
    return calls.call(
        "work feed",
        () -> {
          Session current = session.get();
          HttpRequest request =
              authorized(
                      HttpRequest.newBuilder(
                          URI.create(
                              baseUrl + Paths.forCluster(Paths.WORK, cluster) + "?since=" + since)),
                      current)
                  .header("Accept", JSON)
                  .timeout(pollTimeout)
                  .GET()
                  .build();
          HttpResponse<byte[]> response = send("work feed", request, pollTimeout);
          if (response.statusCode() == 200) {
            return responses.read("work feed", response, WorkFeed.class);
          }
          throw responses.failure(
              "work feed", response, Responses.Conflict.RETRIABLE, current.epoch());
        });
  }

  /** Uses this credential from now on; returns its epoch. */
  public long useCredential(String credential) {
    return session.updateAndGet(s -> new Session(credential, s.epoch() + 1)).epoch();
  }

  /** Forgets the credential, unless it was replaced since {@code epoch}. */
  public boolean forgetCredential(long epoch) {
    Session current = session.get();
    return current.epoch() == epoch
        && session.compareAndSet(current, new Session(null, current.epoch() + 1));
  }

  public long credentialEpoch() {
    return session.get().epoch();
  }

  @Override
  public void close() {
    http.shutdownNow();
    httpThreads.shutdownNow();
  }

  private void callWithCredential(String operation, String path, Object body)
      throws FederationUnavailableException, FederationRejectedException {
    calls.call(
        operation,
        () -> {
          Session current = session.get();
          HttpRequest request =
              authorized(
                      HttpRequest.newBuilder(URI.create(baseUrl + Paths.forCluster(path, cluster))),
                      current)
                  .header("Content-Type", JSON)
                  .timeout(callTimeout)
                  .PUT(
                      HttpRequest.BodyPublishers.ofByteArray(
                          responses.json.writeValueAsBytes(body)))
                  .build();
          HttpResponse<byte[]> response = send(operation, request, callTimeout);
          if (response.statusCode() / 100 == 2) {
            return null;
          }
          throw responses.failure(
              operation, response, Responses.Conflict.RETRIABLE, current.epoch());
        });
  }

  /** A POST without credential: joining is what gets one. */
  private HttpRequest post(String path, Object body) throws IOException {
    return HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Content-Type", JSON)
        .header("Accept", JSON)
        .timeout(callTimeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(responses.json.writeValueAsBytes(body)))
        .build();
  }

  private static HttpRequest.Builder authorized(HttpRequest.Builder builder, Session current) {
    if (current.credential() != null) {
      builder.header(Paths.AUTHORIZATION, "Bearer " + current.credential());
    }
    return builder;
  }

  /**
   * Sends and waits for the whole answer, body included, at most {@code timeout}: a federation that
   * dribbles its body is as unavailable as one that does not answer.
   */
  private HttpResponse<byte[]> send(String operation, HttpRequest request, Duration timeout)
      throws FederationUnavailableException {
    CompletableFuture<HttpResponse<byte[]>> pending =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
    try {
      return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      pending.cancel(true);
      throw new FederationUnavailableException(
          operation + ": no answer within " + timeout, null, e);
    } catch (InterruptedException e) {
      pending.cancel(true);
      Thread.currentThread().interrupt();
      throw new FederationUnavailableException(operation + ": interrupted", null, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof HttpTimeoutException && !(cause instanceof HttpConnectTimeoutException)
              ? "no answer within " + timeout
              : FailureReason.of(cause, FailureReason.address(request.uri()));
      throw new FederationUnavailableException(operation + ": " + why, null, cause);
    }
  }
}
