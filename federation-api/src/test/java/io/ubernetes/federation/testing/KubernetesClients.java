package io.ubernetes.federation.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Set;

/**
 * The Fabric8 Kubernetes client, an independent implementation of the Kubernetes API's client side,
 * pointed at the service under test with the test admin token. The changes it sends count for the
 * audit log's completeness, as those of {@link ApiClient} do.
 */
public final class KubernetesClients {
  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

  private KubernetesClients() {}

  public static KubernetesClient forService(int port) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + port)
            .withOauthToken(ApiClient.ADMIN_TOKEN)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientBuilderConsumer(
            builder ->
                builder.addOrReplaceInterceptor(
                    "changes-sent",
                    new Interceptor() {
                      @Override
                      public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                        if (WRITES.contains(sent.method())) {
                          ApiClient.changeSent();
                        }
                      }
                    }))
        .build();
  }
}
