package io.ubernetes.agent.state;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ubernetes.agent.failure.FailureReason;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's desired state in its member cluster: the ConfigMap {@code ubernetes-agent-state} in
 * the state namespace holds the revision and the items as gzip-compressed JSON ({@code
 * binaryData}). Compressed state larger than {@value #CHUNK_BYTES} bytes is split over ConfigMaps
 * named {@code ubernetes-agent-state-<digest>-<i>}, written before the main ConfigMap that points
 * at them, so a crash mid-way leaves the previous complete version in place. Calls throw {@link
 * io.fabric8.kubernetes.client.KubernetesClientException} when the member API server fails.
 */
public final class DesiredStateStore {
  public static final String CONFIG_MAP = "ubernetes-agent-state";

  /** Well under the 1 MiB a ConfigMap may hold, base64 and metadata included. */
  static final int CHUNK_BYTES = 512 * 1024;

  static final String STATE_KEY = "state.json.gz";
  static final String PART_LABEL = "ubernetes.io/agent-state-part";
  private static final String FORMAT = "json+gzip/v1";
  private static final Logger log = LoggerFactory.getLogger(DesiredStateStore.class);

  private final KubernetesClient client;
  private final StateNamespace namespace;
  private final StateCodec codec = new StateCodec();
  private final int chunkBytes;
  private String savedDigest;

  /** The main ConfigMap's resourceVersion as last read or written; null when not known. */
  private String mainVersion;

  /** Whether parts of an earlier state may be left over, to be deleted at the next save. */
  private boolean partsMayExist = true;

  /** The member cluster's API server the state is kept in, to name it when a call fails. */
  public URL apiServer() {
    return client.getMasterUrl();
  }

  public DesiredStateStore(KubernetesClient client, String stateNamespace) {
    this(client, stateNamespace, CHUNK_BYTES);
  }

  DesiredStateStore(KubernetesClient client, String stateNamespace, int chunkBytes) {
    this.client = client;
    this.namespace = new StateNamespace(client, stateNamespace);
    this.chunkBytes = chunkBytes;
  }

  /**
   * The agent's own namespace, created if it is missing: the place for the agent's objects other
   * than the state. Throws {@link io.fabric8.kubernetes.client.KubernetesClientException} when the
   * member API server fails.
   */
  public String ensureNamespace() {
    namespace.ensure();
    return namespace.name();
  }

  /** The stored state, empty when there is none or it cannot be read (then it is logged). */
  public synchronized Optional<StoredState> load() {
    ConfigMap main = configMaps().withName(CONFIG_MAP).get();
    mainVersion = main == null ? null : main.getMetadata().getResourceVersion();
    if (main == null || main.getData() == null) {
      return Optional.empty();
    }
    Map<String, String> data = main.getData();
    try {
      int parts = Integer.parseInt(data.getOrDefault("parts", "0"));
      String digest = data.get("digest");
      byte[] blob;
      if (parts == 0) {
        blob = decode(main.getBinaryData() == null ? null : main.getBinaryData().get(STATE_KEY));
      } else {
        List<byte[]> chunks = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
          ConfigMap part = configMaps().withName(partName(digest, i)).get();
          if (part == null || part.getBinaryData() == null) {
            throw new IOException("part " + partName(digest, i) + " is missing");
          }
          chunks.add(decode(part.getBinaryData().get(STATE_KEY)));
        }
        blob = StateCodec.join(chunks);
      }
      if (digest != null && !digest.equals(StateCodec.digest(blob))) {
        throw new IOException("the content does not match its digest " + digest);
      }
      StoredState state = codec.decode(blob);
      savedDigest = digest;
      return Optional.of(state);
    } catch (IOException | RuntimeException e) {
      log.error(
          "The stored desired state in {}/{} cannot be read, starting without it: {}",
          namespace.name(),
          CONFIG_MAP,
          FailureReason.of(e, client.getMasterUrl()));
      return Optional.empty();
    }
  }

  /** Stores the state, unless it is what was stored last. */
  public synchronized void save(StoredState state) {
    byte[] blob = codec.encode(state);
    String digest = StateCodec.digest(blob);
    if (digest.equals(savedDigest)) {
      return;
    }
    namespace.ensure();
    List<byte[]> chunks = StateCodec.split(blob, chunkBytes);
    Map<String, String> data = new LinkedHashMap<>();
    data.put("format", FORMAT);
    data.put("revision", Long.toString(state.revision()));
    data.put("workloads", Integer.toString(state.items().size()));
    data.put("digest", digest);
    ConfigMapBuilder main =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(CONFIG_MAP)
            .withNamespace(namespace.name())
            .addToLabels(StateNamespace.PART_OF_LABEL, StateNamespace.PART_OF)
            .endMetadata();
    if (chunks.size() == 1) {
      data.put("parts", "0");
      main.addToBinaryData(STATE_KEY, Base64.getEncoder().encodeToString(blob));
    } else {
      for (int i = 0; i < chunks.size(); i++) {
        writePart(digest, i, chunks.get(i));
      }
      data.put("parts", Integer.toString(chunks.size()));
    }
    writeMain(main.withData(data).build());
    savedDigest = digest;
    if (partsMayExist || chunks.size() > 1) {
      deleteStaleParts(digest);
      partsMayExist = chunks.size() > 1;
    }
  }

  /**
   * One request when the stored version is known, as it is after the first save: saves come with
   * every change of the work feed, so they should cost the member API server little.
   */
  private void writeMain(ConfigMap main) {
    if (mainVersion != null) {
      main.getMetadata().setResourceVersion(mainVersion);
      try {
        mainVersion = configMaps().resource(main).update().getMetadata().getResourceVersion();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 && e.getCode() != 409) {
          throw e;
        }
        // Changed or removed by someone else: write over whatever is there now.
      }
      main.getMetadata().setResourceVersion(null);
    }
    mainVersion =
        configMaps()
            .resource(main)
            .createOr(existing -> existing.update())
            .getMetadata()
            .getResourceVersion();
  }

  private void writePart(String digest, int index, byte[] chunk) {
    ConfigMap part =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(partName(digest, index))
            .withNamespace(namespace.name())
            .addToLabels(StateNamespace.PART_OF_LABEL, StateNamespace.PART_OF)
            .addToLabels(PART_LABEL, digest)
            .endMetadata()
            .addToBinaryData(STATE_KEY, Base64.getEncoder().encodeToString(chunk))
            .build();
    configMaps().resource(part).createOr(existing -> existing.update());
  }

  private void deleteStaleParts(String current) {
    for (ConfigMap part : configMaps().withLabel(PART_LABEL).list().getItems()) {
      if (!current.equals(part.getMetadata().getLabels().get(PART_LABEL))) {
        configMaps().withName(part.getMetadata().getName()).delete();
      }
    }
  }

  private static String partName(String digest, int index) {
    return CONFIG_MAP + "-" + digest + "-" + index;
  }

  private static byte[] decode(String base64) throws IOException {
    if (base64 == null) {
      throw new IOException(STATE_KEY + " is missing");
    }
    return Base64.getDecoder().decode(base64);
  }

  private NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps() {
    return client.configMaps().inNamespace(namespace.name());
  }
}
