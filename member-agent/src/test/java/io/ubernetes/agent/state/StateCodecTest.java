package io.ubernetes.agent.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkItem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class StateCodecTest {
  private final StateCodec codec = new StateCodec();

  @Test
  void roundTripsItemsTombstonesPrunesAndWhatWasApplied() throws IOException {
    Map<String, Object> deployment =
        Map.of(
            "apiVersion",
            "apps/v1",
            "kind",
            "Deployment",
            "metadata",
            Map.of("name", "web"),
            "spec",
            Map.of("replicas", 3, "paused", false, "ratio", 0.5));
    StoredState state =
        new StoredState(
            42,
            List.of(
                new WorkItem(
                    "uid-1", "shop", "web", 7, 41, List.of(deployment), null, 3, null, null)),
            List.of(
                new Tombstone(
                    "uid-2",
                    "shop",
                    "old",
                    42,
                    List.of(new ObjectRef("v1", "Service", "shop", "old")))),
            List.of(
                new StoredState.Prune(
                    "shop", "web", List.of(new ObjectRef("v1", "ConfigMap", "shop", "web-v1")))),
            List.of(
                new StoredState.Applied("shop", "web", 40, 6, 2),
                new StoredState.Applied("shop", "legacy", 12, 1, null)));

    StoredState decoded = codec.decode(codec.encode(state));

    assertThat(decoded).isEqualTo(state);
    assertThat(decoded.items().getFirst().workloadRevision()).isEqualTo(3);
    assertThat(decoded.applied().getFirst().workloadRevision()).isEqualTo(2);
  }

  @Test
  void readsStateStoredByAgentsThatKeptNoRevisions() throws IOException {
    // As an agent from before workload revisions stored it: no workloadRevision, no applied.
    String json =
        """
        {"revision": 9,
         "items": [{"workloadUid": "uid-1", "namespace": "shop", "name": "web", "generation": 2,
                    "revision": 9, "manifests": [{"kind": "ConfigMap"}], "error": null}],
         "tombstones": [], "prunes": []}
        """;
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gzipped)) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }

    StoredState decoded = codec.decode(gzipped.toByteArray());

    assertThat(decoded.revision()).isEqualTo(9);
    assertThat(decoded.items())
        .singleElement()
        .satisfies(
            item -> {
              assertThat(item.generation()).isEqualTo(2);
              assertThat(item.workloadRevision()).isNull();
            });
    assertThat(decoded.applied()).isEmpty();
  }

  @Test
  void compressesRepetitiveManifests() {
    Map<String, Object> manifest =
        Map.of("kind", "ConfigMap", "data", Map.of("v", "x".repeat(100_000)));
    StoredState state =
        new StoredState(
            1,
            List.of(new WorkItem("u", "ns", "n", 1, 1, List.of(manifest), null, null, null, null)),
            null,
            null,
            null);

    assertThat(codec.encode(state).length).isLessThan(2_000);
  }

  @Test
  void splitsIntoChunksAndJoinsThemBack() {
    byte[] blob = new byte[10_001];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }

    List<byte[]> chunks = StateCodec.split(blob, 4_000);

    assertThat(chunks).hasSize(3);
    assertThat(chunks.getLast()).hasSize(2_001);
    assertThat(StateCodec.join(chunks)).isEqualTo(blob);
    assertThat(StateCodec.digest(blob))
        .hasSize(16)
        .isEqualTo(StateCodec.digest(StateCodec.join(chunks)));
  }
}
