package io.ubernetes.agent.state;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The agent's own namespace in its member cluster, created on first use. */
final class StateNamespace {
  static final String PART_OF_LABEL = "app.kubernetes.io/part-of";
  static final String PART_OF = "ubernetes-agent";

  private final KubernetesClient client;
  private final String name;
  private volatile boolean known;

  StateNamespace(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  String name() {
    return name;
  }

  void ensure() {
    if (known) {
      return;
    }
    if (client.namespaces().withName(name).get() == null) {
      try {
        client
            .namespaces()
            .resource(
                new NamespaceBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .addToLabels(PART_OF_LABEL, PART_OF)
                    .endMetadata()
                    .build())
            .create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw e;
        }
      }
    }
    known = true;
  }
}
