package io.ubernetes.sandbox.cluster;

import static io.ubernetes.sandbox.cluster.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state file's format: what is written is read back, and what cannot be used is named. */
class StateFileTest {
  private static final String SECRET =
      "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"credentials\","
          + "\"namespace\":\"ubernetes-system\",\"uid\":\"00000000-0000-0000-0000-00000000002a\",\"resourceVersion\":\"41\"},"
          + "\"data\":{\"credential\":\"c2VjcmV0\"}}";

  @TempDir Path dir;

  @Test
  void readsBackWhatItWroteAndLeavesNoTemporaryFileBehind() throws IOException {
    Path file = dir.resolve("keep/state.json");
    SavedCluster state =
        new SavedCluster(
            cluster("keep", 2).withLabels(Map.of("ubernetes.io/rollout-ring", "canary")),
            true,
            40123,
            Instant.parse("2026-12-06T12:00:00Z"),
            new ObjectStore.Snapshot(
                42,
                List.of(
                    new ObjectStore.StoredObject(
                        "/api/v1/namespaces/ubernetes-system/secrets/credentials", SECRET)),
                0));

    StateFile.write(file, state);
    SavedCluster read = StateFile.read(file, "keep");

    assertThat(read.definition())
        .isEqualTo(cluster("keep", 2).withLabels(Map.of("ubernetes.io/rollout-ring", "canary")));
    assertThat(read.addedAtRunTime()).isTrue();
    assertThat(read.apiServerPort()).isEqualTo(40123);
    assertThat(read.savedAt()).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
    assertThat(read.objects().objects()).isEqualTo(state.objects().objects());
    assertThat(read.objects().resourceVersion()).isEqualTo(42);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
    assertThat(Files.readAllLines(file))
        .as("one line per object")
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith(
                        "    {\"path\": \"/api/v1/namespaces/ubernetes-system/secrets/credentials\""));
  }

  @Test
  void resourceVersionsAndUidsGoOnAboveTheHighestOfAnyObject() throws IOException {
    Path file = dir.resolve("versions/state.json");
    StateFile.write(
        file,
        new SavedCluster(
            cluster("versions", 1),
            false,
            0,
            Instant.now(),
            new ObjectStore.Snapshot(
                3,
                List.of(
                    new ObjectStore.StoredObject(
                        "/api/v1/namespaces/ubernetes-system/secrets/credentials", SECRET)),
                0)));

    assertThat(StateFile.read(file, "versions").objects().resourceVersion()).isEqualTo(41);
    assertThat(StateFile.read(file, "versions").objects().highestUid())
        .as("the uid numbers go on above it too")
        .isEqualTo(42);
  }

  static Stream<Arguments> unusable() {
    String good =
        """
        {"format": "ubernetes.io/simulated-cluster/v1", "savedAt": "2026-12-06T12:00:00Z",
         "apiServerPort": 1, "resourceVersion": 1, "objects": [],
         "definition": {"name": "x", "region": "r", "zone": "z", "provider": "aws", "tier": "t",
           "nodes": 1, "cpuPerNode": "1", "memoryPerNode": "1Gi", "podsPerNode": 10,
           "podCidr": "10.1.0.0/20", "loadBalancerCidr": "198.18.0.0/24", "startDelay": "PT1S"}}
        """;
    return Stream.of(
        Arguments.of("empty", "", "the file is empty"),
        Arguments.of("not JSON", "{\n  oops", "line 2, column 3: "),
        Arguments.of("a list", "[]", "not a JSON object"),
        Arguments.of("another format", good.replace("/v1", "/v9"), "format: expected"),
        Arguments.of("another cluster", good.replace("\"x\"", "\"y\""), "definition.name: "),
        Arguments.of("no nodes", good.replace("\"nodes\": 1", "\"nodes\": 0"), "nodes: "),
        Arguments.of("bad range", good.replace("10.1.0.0/20", "10.1.0.1/20"), "definition.podCidr"),
        Arguments.of("no objects", good.replace("\"objects\": [],", ""), "objects: required"),
        Arguments.of(
            "an object without a path",
            good.replace("\"objects\": []", "\"objects\": [{\"object\": {}}]"),
            "objects[0]: expected"),
        Arguments.of("a bad delay", good.replace("PT1S", "soon"), "definition.startDelay: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusable")
  void aFileThatCannotBeUsedIsNamedWithWhatIsWrong(String name, String content, String reason)
      throws IOException {
    Path file = Files.createDirectories(dir.resolve("x")).resolve("state.json");
    Files.writeString(file, content);

    assertThatThrownBy(() -> StateFile.read(file, "x"))
        .isInstanceOfSatisfying(
            UnreadableStateException.class,
            e -> {
              assertThat(e.file()).isEqualTo(file);
              assertThat(e.reason()).contains(reason);
              assertThat(e.getMessage()).contains(file.toString()).contains("cluster x");
            });
  }
}
