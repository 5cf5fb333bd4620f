package io.ubernetes.federation.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An integration test that talks to the service through the Fabric8 Kubernetes client, a client no
 * one here wrote, as operators' tools do; its writes count for the audit check as the test client's
 * do ({@link KubernetesClients}).
 */
public abstract class KubernetesClientIntegrationTest extends ApiIntegrationTest {
  protected KubernetesClient client;

  @BeforeEach
  void kubernetesClient() {
    client = KubernetesClients.forService(port());
  }

  @AfterEach
  void closeKubernetesClient() {
    client.close();
  }
}
