package io.ubernetes.kubectl;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: the shell completion script of the commands. picocli's script is
 * written for bash and loads bash completion into zsh itself, so both shells get the same one.
 */
@Command(
    name = "completion",
    description = {
      "Print the shell completion script, e.g.: source <(kubectl ubernetes completion bash)"
    })
final class CompletionCommand implements Callable<Integer> {
  enum Shell {
    bash,
    zsh
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh")
  Shell shell;

  @Override
  public Integer call() {
    spec.commandLine()
        .getOut()
        .print(AutoComplete.bash("kubectl-ubernetes", spec.root().commandLine()));
    spec.commandLine().getOut().flush();
    return Ubernetes.OK;
  }
}
