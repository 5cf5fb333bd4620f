package io.ubernetes.kubectl;

import io.fabric8.kubernetes.client.Config;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kubectl ubernetes}: kubectl finds this as the executable {@code kubectl-ubernetes} on the
 * PATH. It reads the federation's address and credentials from the current kubeconfig context
 * (never writing it) and answers where a workload runs, how the member clusters are, and why a
 * placement was made.
 *
 * <p>Exit codes: {@value #OK} done, {@value #FAILED} the federation could not be reached or refused
 * the request (for {@code doctor}: a check failed), {@value #USAGE} a usage error, {@value
 * #NOT_FOUND} the workload does not exist (or is not placed yet).
 */
@Command(
    name = "kubectl-ubernetes",
    mixinStandardHelpOptions = true,
    versionProvider = Ubernetes.Version.class,
    description = "Where Ubernetes federated workloads run, and why.",
    subcommands = {
      WhereCommand.class,
      TopCommand.class,
      ExplainCommand.class,
      DoctorCommand.class,
      SimulateCommand.class,
      JoinCommand.class,
      AdmissionCommands.Approve.class,
      AdmissionCommands.Deny.class,
      CordonCommands.Cordon.class,
      CordonCommands.Uncordon.class,
      DrainCommand.class,
      RolloutCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the federation could not be reached or refused the request; doctor: a check failed",
      "2:usage error",
      "3:not found"
    })
public final class Ubernetes {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int NOT_FOUND = 3;

  @Option(
      names = "--context",
      description = "the kubeconfig context to use (default: the current one)",
      scope = CommandLine.ScopeType.INHERIT)
  String context;

  private final Function<String, Config> configs;
  private final Clock clock;

  /** How often the commands that wait ask the federation again. */
  Duration pollInterval = Duration.ofSeconds(2);

  /** What {@code -f -} reads. */
  InputStream stdin = System.in;

  /**
   * @param configs the kubeconfig's client configuration for a context name (null: the current
   *     context)
   */
  Ubernetes(Function<String, Config> configs, Clock clock) {
    this.configs = configs;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(run(new Ubernetes(Config::autoConfigure, Clock.systemUTC()), args));
  }

  /** Runs one command line, printing to standard output and error; returns the exit code. */
  static int run(Ubernetes ubernetes, String[] args) {
    return commandLine(
            ubernetes, new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
  }

  static CommandLine commandLine(Ubernetes ubernetes, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(ubernetes);
    line.setOut(out);
    line.setErr(err);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + message(e));
          return e instanceof FederationClient.NotFoundException ? NOT_FOUND : FAILED;
        });
    return line;
  }

  /** The federation as the kubeconfig's context names it. */
  FederationClient federation() {
    return new FederationClient(configs.apply(context));
  }

  Clock clock() {
    return clock;
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** The version of the jar, from its manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Ubernetes.class.getPackage().getImplementationVersion();
      return new String[] {"kubectl-ubernetes " + (version == null ? "(development)" : version)};
    }
  }
}
