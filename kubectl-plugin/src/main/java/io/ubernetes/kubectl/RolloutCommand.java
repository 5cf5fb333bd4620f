package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code rollout status|pause|resume|approve|abort|undo WORKLOAD}: a staged rollout, as {@code
 * kubectl rollout} manages a Deployment's. The verbs are the federation's own ({@code POST
 * .../federatedworkloads/NAME/rollout:pause}, ...), which write {@code spec.rolloutControl}.
 */
@Command(
    name = "rollout",
    description = "Follow and steer a workload's staged rollout.",
    subcommands = {
      RolloutStatusCommand.class,
      RolloutCommand.Pause.class,
      RolloutCommand.Resume.class,
      RolloutCommand.Approve.class,
      RolloutCommand.Abort.class,
      RolloutCommand.Undo.class
    })
final class RolloutCommand implements Runnable {
  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing what to do: status, pause, resume, approve, abort or undo");
  }

  /** One of the federation's rollout verbs, sent as it is, and what it did. */
  abstract static class Verb implements Callable<Integer> {
    @ParentCommand RolloutCommand rollout;
    @Spec CommandSpec spec;
    @Mixin WorkloadName workload;
    private final String verb;
    private final String done;

    Verb(String verb, String done) {
      this.verb = verb;
      this.done = done;
    }

    @Override
    public Integer call() {
      try (FederationClient federation = rollout.ubernetes.federation()) {
        federation.send(
            "POST",
            workload.path(federation) + "/rollout:" + verb,
            null,
            null,
            "workload " + workload.qualified(federation));
      }
      spec.commandLine().getOut().println(workload.kindAndName() + " " + done);
      spec.commandLine().getOut().flush();
      return Ubernetes.OK;
    }
  }

  @Command(name = "pause", description = "Pause the rollout: nothing new starts until resumed.")
  static final class Pause extends Verb {
    Pause() {
      super("pause", "paused");
    }
  }

  @Command(name = "resume", description = "Resume a paused rollout.")
  static final class Resume extends Verb {
    Resume() {
      super("resume", "resumed");
    }
  }

  @Command(
      name = "approve",
      description = "Approve the gate the rollout waits on now (refused when it waits on none).")
  static final class Approve extends Verb {
    Approve() {
      super("approve", "approved");
    }
  }

  @Command(
      name = "abort",
      description =
          "Abort the rollout in progress: updated clusters return to the stable revision.")
  static final class Abort extends Verb {
    Abort() {
      super("abort", "aborted");
    }
  }

  @Command(
      name = "undo",
      description =
          "Roll back to a kept revision (default: the one before the newest), as a new revision"
              + " that rolls out through the stages.")
  static final class Undo implements Callable<Integer> {
    @ParentCommand RolloutCommand rollout;
    @Spec CommandSpec spec;
    @Mixin WorkloadName workload;

    @Option(
        names = "--to-revision",
        paramLabel = "N",
        description = "the revision to roll back to (default: the one before the newest)")
    Integer toRevision;

    @Override
    public Integer call() {
      if (toRevision != null && toRevision < 1) {
        throw new ParameterException(
            spec.commandLine(), "--to-revision must be a positive revision, got " + toRevision);
      }
      int revision;
      try (FederationClient federation = rollout.ubernetes.federation()) {
        String path = workload.path(federation);
        String qualified = workload.qualified(federation);
        revision = toRevision != null ? toRevision : previous(federation, path, qualified);
        federation.send(
            "POST", path + "/rollout:rollback?to=" + revision, null, null, "workload " + qualified);
      }
      spec.commandLine()
          .getOut()
          .println(workload.kindAndName() + " rolled back to revision " + revision);
      spec.commandLine().getOut().flush();
      return Ubernetes.OK;
    }

    /** The newest kept revision older than the newest one. */
    private static int previous(FederationClient federation, String path, String qualified) {
      JsonNode revisions =
          federation.get(path + "/revisions", "revisions of workload " + qualified);
      int newest =
          Json.list(revisions, "items").stream()
              .mapToInt(r -> r.path("revision").asInt())
              .max()
              .orElse(0);
      return Json.list(revisions, "items").stream()
          .mapToInt(r -> r.path("revision").asInt())
          .filter(r -> r < newest)
          .max()
          .orElseThrow(
              () ->
                  new FederationClient.FederationException(
                      "workload " + qualified + " keeps no revision before " + newest));
    }
  }
}
