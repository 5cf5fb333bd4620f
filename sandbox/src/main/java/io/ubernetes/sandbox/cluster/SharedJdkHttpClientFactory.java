package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Fabric8's JDK HTTP client, with every simulated cluster's clients (their simulators' and their
 * agents') on one JDK client and one executor of virtual threads. Each Fabric8 client would
 * otherwise bring a JDK client of its own, with a selector thread and a pool of platform threads:
 * two hundred of each in a sandbox of a hundred clusters, whose wake-ups cost more CPU than the
 * simulated clusters' work when idle. The clients of simulated clusters all have the same settings
 * ({@link ApiServer#newClient}), so the first one's are everybody's; the JDK client keeps a
 * connection pool per API server, and lives as long as the process.
 */
final class SharedJdkHttpClientFactory extends JdkHttpClientFactory {
  private static final Object LOCK = new Object();
  private static HttpClient shared;

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new Sharing(HttpClient.newBuilder());
  }

  private static HttpClient shared(HttpClient.Builder settings) {
    synchronized (LOCK) {
      if (shared == null) {
        shared =
            settings
                .executor(
                    Executors.newThreadPerTaskExecutor(
                        Thread.ofVirtual().name("simulated-cluster-http-", 0).factory()))
                .build();
      }
      return shared;
    }
  }

  /** A builder whose clients are the shared one; the executor Fabric8 offers is not used. */
  private record Sharing(HttpClient.Builder delegate) implements HttpClient.Builder {

    @Override
    public HttpClient build() {
      return shared(delegate);
    }

    @Override
    public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
      delegate.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public HttpClient.Builder connectTimeout(Duration duration) {
      delegate.connectTimeout(duration);
      return this;
    }

    @Override
    public HttpClient.Builder sslContext(SSLContext sslContext) {
      delegate.sslContext(sslContext);
      return this;
    }

    @Override
    public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
      delegate.sslParameters(sslParameters);
      return this;
    }

    @Override
    public HttpClient.Builder executor(Executor executor) {
      return this;
    }

    @Override
    public HttpClient.Builder followRedirects(HttpClient.Redirect policy) {
      delegate.followRedirects(policy);
      return this;
    }

    @Override
    public HttpClient.Builder version(HttpClient.Version version) {
      delegate.version(version);
      return this;
    }

    @Override
    public HttpClient.Builder priority(int priority) {
      delegate.priority(priority);
      return this;
    }

    @Override
    public HttpClient.Builder proxy(ProxySelector proxySelector) {
      delegate.proxy(proxySelector);
      return this;
    }

    @Override
    public HttpClient.Builder authenticator(Authenticator authenticator) {
      delegate.authenticator(authenticator);
      return this;
    }

    @Override
    public HttpClient.Builder localAddress(InetAddress localAddress) {
      delegate.localAddress(localAddress);
      return this;
    }
  }
}
