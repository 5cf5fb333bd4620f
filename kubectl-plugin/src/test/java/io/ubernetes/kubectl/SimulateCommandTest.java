package io.ubernetes.kubectl;

import static io.ubernetes.kubectl.Fixtures.WORKLOADS;
import static io.ubernetes.kubectl.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ubernetes.kubectl.Federation.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate}: the question sent to the federation, and its answer beside the workload now.
 */
class SimulateCommandTest {
  private static final String SIMULATE = "/api/v1/placement:simulate";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MANIFEST =
      """
      apiVersion: ubernetes.io/v1
      kind: FederatedWorkload
      metadata:
        name: web
      spec:
        replicas: 6
      """;

  @TempDir Path directory;
  private Federation federation;
  private Path manifest;

  @BeforeEach
  void start() throws IOException {
    federation = new Federation().answer("POST " + SIMULATE, 200, simulated());
    manifest = Files.writeString(directory.resolve("web.yaml"), MANIFEST);
  }

  @AfterEach
  void stop() {
    federation.close();
  }

  /** The stored placement's answer, as if onprem-fra had failed: its replicas in aws-eu-west. */
  private static String simulated() {
    return fixture("placement.json")
        .replace(
            "\"replicas\": {\"aws-eu-west\": 4, \"onprem-fra\": 2}",
            "\"replicas\": {\"aws-eu-west\": 6}");
  }

  @Test
  void sendsTheManifestInTheContextsNamespaceWithTheFailedAndDrainedClusters() throws Exception {
    Run run =
        federation.run(
            "simulate",
            "-f",
            manifest.toString(),
            "--fail",
            "onprem-fra",
            "--drain",
            "gcp-eu-north",
            "--drain",
            "aws-us-east");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(federation.writes()).containsExactly("POST " + SIMULATE);
    Federation.Request sent = federation.requests.get(0);
    assertThat(sent.contentType()).startsWith("application/json");
    JsonNode question = JSON.readTree(sent.body());
    assertThat(question.path("workload").path("kind").asText()).isEqualTo("FederatedWorkload");
    assertThat(question.path("workload").path("metadata").path("namespace").asText())
        .isEqualTo("shop");
    assertThat(question.path("workload").path("spec").path("replicas").asInt()).isEqualTo(6);
    assertThat(JSON.convertValue(question.path("failedClusters"), String[].class))
        .containsExactly("onprem-fra");
    assertThat(JSON.convertValue(question.path("unschedulableClusters"), String[].class))
        .containsExactly("gcp-eu-north", "aws-us-east");
  }

  @Test
  void printsTheSimulatedReplicasBesideTheCurrentOnesThenTheExplanation() {
    federation.answer(WORKLOADS + "/web", fixture("workload.json"));

    Run run = federation.run("simulate", "-f", manifest.toString(), "--fail", "onprem-fra");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith(
            """
            Failed:     onprem-fra
            CLUSTER       NOW   SIMULATED
            aws-eu-west   4     6
            onprem-fra    2     0

            Workload:   shop/web (generation 2)
            """)
        .contains("Chosen clusters:")
        .containsPattern("aws-us-east\\s+region not in \\[eu-central, eu-west, eu-north]");
  }

  @Test
  void aWorkloadThatDoesNotExistYetHasNoCurrentReplicasAndReadsFromStandardInputAsJson()
      throws Exception {
    String json = JSON.writeValueAsString(new ObjectMapper(new YAMLFactory()).readTree(MANIFEST));

    Run run = federation.runWithInput(json, "simulate", "-f", "-", "-o", "json", "-n", "team");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode simulation = JSON.readTree(run.out());
    assertThat(simulation.path("exists").asBoolean()).isFalse();
    assertThat(simulation.path("replicas").get(0).path("cluster").asText())
        .isEqualTo("aws-eu-west");
    assertThat(simulation.path("replicas").get(0).path("simulated").asInt()).isEqualTo(6);
    assertThat(simulation.path("replicas").get(0).has("now")).isFalse();
    assertThat(simulation.path("explanation").path("rejected").get(0).path("cluster").asText())
        .isEqualTo("aws-us-east");
    assertThat(
            JSON.readTree(federation.requests.get(0).body())
                .at("/workload/metadata/namespace")
                .asText())
        .isEqualTo("team");
  }

  @Test
  void anUnknownClusterIsTheFederationsErrorInItsWordsAndExitsOne() {
    federation.answer(
        "POST " + SIMULATE,
        422,
        """
        {"type": "https://ubernetes.io/problems/Invalid", "title": "Invalid", "status": 422,
         "detail": "SimulationRequest is invalid: failedClusters[0]: no cluster named \\"nowhere\\""}
        """);

    Run run = federation.run("simulate", "-f", manifest.toString(), "--fail", "nowhere");

    assertThat(run.exitCode()).isEqualTo(Ubernetes.FAILED);
    assertThat(run.err())
        .isEqualTo(
            "error: the federation refused to act on the simulation of workload shop/web: HTTP"
                + " 422: SimulationRequest is invalid: failedClusters[0]: no cluster named"
                + " \"nowhere\"\n");
  }

  @Test
  void aManifestOfAnotherKindOrNoFileIsAUsageError() throws IOException {
    Path deployment =
        Files.writeString(
            directory.resolve("deployment.yaml"), "apiVersion: apps/v1\nkind: Deployment\n");

    Run otherKind = federation.run("simulate", "-f", deployment.toString());
    Run missing = federation.run("simulate", "-f", directory.resolve("nope.yaml").toString());
    Run noFile = federation.run("simulate");

    assertThat(otherKind.exitCode()).isEqualTo(Ubernetes.USAGE);
    assertThat(otherKind.err())
        .contains(
            "expected a FederatedWorkload or ClusterFederatedWorkload, got kind \"Deployment\"");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read");
    assertThat(noFile.exitCode()).isEqualTo(2);
    assertThat(federation.writes()).isEmpty();
  }
}
