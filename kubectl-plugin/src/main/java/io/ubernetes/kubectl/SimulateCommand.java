package io.ubernetes.kubectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code simulate -f workload.yaml}: where the federation would put a workload's replicas, with
 * some clusters failed or drained, beside where they are now; nothing is stored. The federation's
 * own simulation ({@code POST /api/v1/placement:simulate}) answers, so the engine that places the
 * workload for real is the one that answers.
 */
@Command(
    name = "simulate",
    description =
        "Where a FederatedWorkload's replicas would go (with clusters failed or drained), beside"
            + " where they are now, and why; nothing is changed.")
final class SimulateCommand implements Callable<Integer> {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> KINDS = Set.of("FederatedWorkload", "ClusterFederatedWorkload");

  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;
  @Mixin Output output;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE",
      description = "the workload's manifest, YAML or JSON; - for standard input")
  String file;

  @Option(
      names = "--fail",
      paramLabel = "CLUSTER",
      description = "a cluster to treat as failed (repeat for more)")
  List<String> failed = new ArrayList<>();

  @Option(
      names = "--drain",
      paramLabel = "CLUSTER",
      description = "a cluster to treat as drained: unschedulable (repeat for more)")
  List<String> drained = new ArrayList<>();

  @Option(
      names = {"-n", "--namespace"},
      description = "the namespace of a manifest that names none (default: the context's)")
  String namespace;

  @Override
  public Integer call() {
    ObjectNode workload = manifest();
    boolean clusterScoped = "ClusterFederatedWorkload".equals(workload.path("kind").asText());
    try (FederationClient federation = ubernetes.federation()) {
      ObjectNode metadata = workload.with("metadata");
      if (!clusterScoped && !metadata.hasNonNull("namespace")) {
        metadata.put("namespace", namespace == null ? federation.namespace() : namespace);
      }
      ObjectNode question = JSON.createObjectNode();
      question.set("workload", workload);
      question.set("failedClusters", JSON.valueToTree(failed));
      question.set("unschedulableClusters", JSON.valueToTree(drained));
      JsonNode placement =
          federation.send(
              "POST",
              "api/v1/placement:simulate",
              "application/json",
              question.toString(),
              "simulation of " + describe(metadata, clusterScoped));
      JsonNode current = current(federation, metadata, clusterScoped);
      Simulation simulation =
          Simulation.of(workload, current, placement, List.copyOf(failed), List.copyOf(drained));
      output.print(spec.commandLine().getOut(), simulation, simulation.text());
    }
    return Ubernetes.OK;
  }

  /** The manifest, which must be one of the two workload kinds; else a usage error. */
  private ObjectNode manifest() {
    String text;
    try {
      text =
          file.equals("-")
              ? new String(ubernetes.stdin.readAllBytes(), StandardCharsets.UTF_8)
              : Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read " + file + ": " + e);
    }
    JsonNode manifest;
    try {
      manifest = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ParameterException(
          spec.commandLine(),
          file + " is not YAML or JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (manifest == null
        || !manifest.isObject()
        || !KINDS.contains(manifest.path("kind").asText())) {
      throw new ParameterException(
          spec.commandLine(),
          file
              + ": expected a FederatedWorkload or ClusterFederatedWorkload, got kind \""
              + (manifest == null ? "" : manifest.path("kind").asText())
              + "\"");
    }
    return (ObjectNode) manifest;
  }

  private static String describe(JsonNode metadata, boolean clusterScoped) {
    String name = Json.text(metadata, "name");
    if (name == null) {
      return "workload";
    }
    return "workload " + (clusterScoped ? name : Json.text(metadata, "namespace") + "/" + name);
  }

  /** The workload as it runs now, or nothing when it does not exist (or has no name). */
  private static JsonNode current(
      FederationClient federation, JsonNode metadata, boolean clusterScoped) {
    String name = Json.text(metadata, "name");
    if (name == null) {
      return MissingNode.getInstance();
    }
    try {
      return clusterScoped
          ? federation.get(
              FederationClient.API + "clusterfederatedworkloads/" + FederationClient.segment(name),
              "workload " + name)
          : federation.workload(Json.text(metadata, "namespace"), name);
    } catch (FederationClient.NotFoundException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * A simulation's answer.
   *
   * @param exists whether the workload runs now (its current replicas are then {@code now})
   * @param replicas each cluster's replicas now and as simulated
   * @param explanation the simulated decision, explained as {@code explain} explains a stored one
   */
  record Simulation(
      boolean exists,
      List<String> failedClusters,
      List<String> drainedClusters,
      List<Replicas> replicas,
      Explanation explanation) {

    /** One cluster's replicas: now (absent for a workload that does not exist) and simulated. */
    record Replicas(String cluster, Integer now, int simulated) {}

    static Simulation of(
        JsonNode workload,
        JsonNode current,
        JsonNode placement,
        List<String> failed,
        List<String> drained) {
      boolean exists = !current.isMissingNode();
      TreeMap<String, Integer> now = new TreeMap<>();
      Json.list(current, "status", "clusters")
          .forEach(
              share ->
                  now.merge(
                      Json.text(share, "name"), share.path("replicas").asInt(), Integer::sum));
      Set<String> clusters = new TreeSet<>(now.keySet());
      placement.path("replicas").fieldNames().forEachRemaining(clusters::add);
      List<Replicas> replicas = new ArrayList<>();
      for (String cluster : clusters) {
        replicas.add(
            new Replicas(
                cluster,
                exists ? now.getOrDefault(cluster, 0) : null,
                placement.path("replicas").path(cluster).asInt()));
      }
      return new Simulation(
          exists,
          failed,
          drained,
          replicas,
          Explanation.of(
              workload,
              placement,
              MissingNode.getInstance(),
              MissingNode.getInstance(),
              MissingNode.getInstance(),
              Instant.EPOCH));
    }

    /** The replicas per cluster, then the explanation of the simulated decision. */
    String text() {
      StringBuilder text = new StringBuilder();
      if (!failedClusters.isEmpty()) {
        text.append("Failed:     ").append(String.join(", ", failedClusters)).append('\n');
      }
      if (!drainedClusters.isEmpty()) {
        text.append("Drained:    ").append(String.join(", ", drainedClusters)).append('\n');
      }
      Table table = new Table("CLUSTER", "NOW", "SIMULATED");
      replicas.forEach(r -> table.row(r.cluster(), r.now() == null ? "-" : r.now(), r.simulated()));
      text.append(replicas.isEmpty() ? "No cluster would take a replica.\n" : table.toString());
      return text.append('\n').append(explanation.text()).toString();
    }
  }
}
