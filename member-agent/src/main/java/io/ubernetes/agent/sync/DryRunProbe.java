package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the member API server honours {@code dryRun=All}, found out once: a dry-run create of a
 * ConfigMap in the agent's namespace, then a read of it. Every real API server since Kubernetes
 * 1.18 honours dry runs; an API server that ignores the parameter (Fabric8's mock server in CRUD
 * mode, which the sandbox's simulated clusters run on, is one) would store what a dry run sends and
 * so apply half a revision while the agent only meant to ask. Against such a server the agent
 * applies without dry runs, and says so. The probe is deleted again should it have been stored.
 */
final class DryRunProbe {
  static final String NAME = "ubernetes-dry-run-probe";
  private static final Logger log = LoggerFactory.getLogger(DryRunProbe.class);

  private final KubernetesClient client;
  private final Supplier<String> namespace;
  private volatile Boolean honoured;

  /**
   * @param namespace the agent's own namespace, created if missing
   */
  DryRunProbe(KubernetesClient client, Supplier<String> namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * Whether dry runs can be trusted; asks the API server the first time only. Throws {@link
   * KubernetesClientException} when it cannot tell, to be asked again later.
   */
  boolean honoured() {
    Boolean known = honoured;
    if (known == null) {
      known = probe();
      honoured = known;
    }
    return known;
  }

  private boolean probe() {
    String in = namespace.get();
    ConfigMap probe =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(NAME)
            .withNamespace(in)
            .endMetadata()
            .addToData("purpose", "tells whether this API server honours dryRun")
            .build();
    boolean stored;
    try {
      client.configMaps().inNamespace(in).resource(probe).dryRun().create();
      stored = client.configMaps().inNamespace(in).withName(NAME).get() != null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw e;
      }
      // Left by an earlier probe that was stored: dry runs are not honoured.
      stored = true;
    }
    if (!stored) {
      return true;
    }
    client.configMaps().inNamespace(in).withName(NAME).delete();
    log.warn(
        "The API server ignores dryRun (a dry-run create was stored): objects are applied without"
            + " asking first, so a revision it refuses can be applied in part");
    return false;
  }
}
