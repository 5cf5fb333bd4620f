package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollout status WORKLOAD}: the rollout's phase, stage, gate and each cluster's revision and
 * state, from the workload's {@code status.rollout}. With {@code --watch} it follows the rollout, a
 * line per change, as {@code kubectl rollout status} does, until it is complete (exit 0), or rolled
 * back, aborted or halted by a failure (exit 1).
 */
@Command(
    name = "status",
    description =
        "The rollout's phase, stage, gate and each cluster's revision and state; -w follows it"
            + " until it is complete (exit 0) or rolled back, aborted or halted (exit 1).")
final class RolloutStatusCommand implements Callable<Integer> {
  @ParentCommand RolloutCommand rollout;
  @Spec CommandSpec spec;
  @Mixin Output output;
  @Mixin WorkloadName workload;

  @Option(
      names = {"-w", "--watch"},
      description = "follow the rollout until it ends")
  boolean watch;

  @Option(
      names = "--timeout",
      defaultValue = "0",
      converter = Timeout.class,
      description = "with --watch, how long to follow it (default 0: until it ends)")
  Duration timeout;

  /**
   * A workload's rollout.
   *
   * @param currentRevision the stable revision
   * @param targetRevision the revision being rolled out
   * @param observed whether the rollout has seen the workload's latest spec
   */
  record RolloutState(
      String namespace,
      String name,
      Integer currentRevision,
      Integer targetRevision,
      String phase,
      String stage,
      String gate,
      String gateSince,
      String haltedReason,
      Integer rolledBackFrom,
      boolean observed,
      List<ClusterState> clusters) {

    record ClusterState(
        String cluster, Integer revision, String state, String since, String reason) {}

    static RolloutState of(JsonNode workload) {
      JsonNode rollout = Json.at(workload, "status", "rollout");
      Integer generation = Json.integer(workload, "metadata", "generation");
      Integer observedGeneration = Json.integer(workload, "status", "observedGeneration");
      return new RolloutState(
          Json.text(workload, "metadata", "namespace"),
          Json.text(workload, "metadata", "name"),
          Json.integer(rollout, "currentRevision"),
          Json.integer(rollout, "targetRevision"),
          Json.text(rollout, "phase"),
          Json.text(rollout, "stage"),
          Json.text(rollout, "gate"),
          Json.text(rollout, "gateSince"),
          Json.text(rollout, "haltedReason"),
          Json.integer(rollout, "rolledBackFrom"),
          generation == null || (observedGeneration != null && observedGeneration >= generation),
          Json.list(rollout, "clusters").stream()
              .map(
                  c ->
                      new ClusterState(
                          Json.text(c, "name"),
                          Json.integer(c, "revision"),
                          Json.text(c, "state"),
                          Json.text(c, "since"),
                          Json.text(c, "reason")))
              .toList());
    }

    /** Complete, and for the workload's latest spec. */
    boolean complete() {
      return observed && "Complete".equals(phase);
    }

    /** Ended without reaching its target: rolled back, aborted, or halted by a failure. */
    boolean failed() {
      return observed && ("Aborted".equals(phase) || "Halted".equals(phase));
    }

    String revisions() {
      if (targetRevision == null || targetRevision.equals(currentRevision)) {
        return String.valueOf(currentRevision);
      }
      return (currentRevision == null ? "<none>" : currentRevision) + " -> " + targetRevision;
    }

    /** One line, as {@code --watch} prints at each change. */
    String line() {
      long updated =
          clusters.stream()
              .filter(c -> c.revision() != null && c.revision().equals(targetRevision))
              .count();
      StringBuilder line =
          new StringBuilder("rollout of ")
              .append(qualified())
              .append(": revision ")
              .append(revisions())
              .append(", ")
              .append(phase);
      if (stage != null) {
        line.append(" stage ").append(stage);
      }
      if (gate != null && "Waiting".equals(phase)) {
        line.append(" (").append(gate).append(')');
      }
      line.append(", ")
          .append(updated)
          .append('/')
          .append(clusters.size())
          .append(" clusters on revision ")
          .append(targetRevision);
      if (haltedReason != null && failed()) {
        line.append(": ").append(haltedReason);
      }
      return line.append('\n').toString();
    }

    /** {@code shop/web}, or {@code clusterfederatedworkload/tools} for a cluster-scoped one. */
    String qualified() {
      return namespace == null ? "clusterfederatedworkload/" + name : namespace + "/" + name;
    }

    String table() {
      StringBuilder text = new StringBuilder();
      text.append("Workload:   ").append(qualified()).append('\n');
      text.append("Revision:   ").append(revisions()).append('\n');
      text.append("Phase:      ").append(phase).append('\n');
      if (stage != null) {
        text.append("Stage:      ").append(stage).append('\n');
      }
      if (gate != null) {
        text.append("Gate:       ").append(gate);
        if (gateSince != null) {
          text.append(" since ").append(gateSince);
        }
        text.append('\n');
      }
      if (haltedReason != null) {
        text.append("Halted:     ").append(haltedReason).append('\n');
      }
      Table table = new Table("CLUSTER", "REVISION", "STATE", "SINCE", "REASON");
      clusters.forEach(c -> table.row(c.cluster(), c.revision(), c.state(), c.since(), c.reason()));
      if (!table.isEmpty()) {
        text.append('\n').append(table);
      }
      return text.toString();
    }
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (FederationClient federation = rollout.ubernetes.federation()) {
      String qualified = workload.qualified(federation);
      if (!watch) {
        RolloutState state = read(federation, qualified);
        output.print(out, state, state.table());
        return Ubernetes.OK;
      }
      AtomicReference<String> last = new AtomicReference<>();
      AtomicReference<RolloutState> seen = new AtomicReference<>();
      Optional<RolloutState> ended =
          Polling.until(
              rollout.ubernetes.pollInterval,
              timeout,
              () -> {
                RolloutState state = read(federation, qualified);
                seen.set(state);
                String line = state.line();
                if (output.format == Output.Format.table && !line.equals(last.getAndSet(line))) {
                  out.print(line);
                  out.flush();
                }
                return state.complete() || state.failed() ? Optional.of(state) : Optional.empty();
              });
      RolloutState state = ended.orElse(seen.get());
      if (output.format != Output.Format.table) {
        output.print(out, state, "");
      }
      if (ended.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("error: the rollout of " + qualified + " did not end within " + timeout);
        return Ubernetes.FAILED;
      }
      if (state.failed()) {
        spec.commandLine()
            .getErr()
            .println(
                "error: the rollout of "
                    + qualified
                    + " "
                    + ("Aborted".equals(state.phase())
                        ? "was aborted"
                        : state.rolledBackFrom() != null ? "was rolled back" : "halted")
                    + (state.haltedReason() == null ? "" : ": " + state.haltedReason()));
        return Ubernetes.FAILED;
      }
      out.println("rollout of " + qualified + " complete: revision " + state.currentRevision());
      out.flush();
      return Ubernetes.OK;
    }
  }

  private RolloutState read(FederationClient federation, String qualified) {
    JsonNode object = federation.get(workload.path(federation), "workload " + qualified);
    if (Json.at(object, "status", "rollout").isMissingNode()) {
      throw new FederationClient.NotFoundException(
          "rollout of workload " + qualified + " not found (not rolled out yet)");
    }
    return RolloutState.of(object);
  }
}
