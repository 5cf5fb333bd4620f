package io.ubernetes.kubectl;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code doctor}: checks the federation end to end and says, check by check, what is wrong and what
 * to do. Exits {@value Ubernetes#FAILED} when any check fails; warnings alone exit {@value
 * Ubernetes#OK}, so that a script can gate on what does not work.
 */
@Command(
    name = "doctor",
    description =
        "Check the federation end to end: the service and its database, every cluster's agent"
            + " and clock, certificates and tokens that expire within 30 days, DNS, workloads"
            + " stuck. Exits 1 when any check fails (warnings alone: 0).")
final class DoctorCommand implements Callable<Integer> {
  private static final List<Checkup.Check> AFTER_THE_SERVICE =
      List.of(new ClusterCheck(), new ExpiryCheck(), new DnsCheck(), new WorkloadCheck());

  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;
  @Mixin Output output;

  @Option(
      names = "--dns",
      paramLabel = "HOST:PORT",
      converter = Address.class,
      description = "the DNS server to ask (default: where the service says its own listens)")
  InetSocketAddress dns;

  @Option(
      names = "--stuck-after",
      paramLabel = "DURATION",
      defaultValue = "5m",
      converter = Age.class,
      description =
          "how long a workload may stay unscheduled or not ready before it counts as stuck"
              + " (default: 5m; e.g. 90s, 10m, 1h)")
  Duration stuckAfter;

  @Override
  public Integer call() {
    Diagnosis diagnosis;
    try (FederationClient federation = ubernetes.federation()) {
      Checkup checkup =
          new Checkup(federation, federation.config(), ubernetes.clock(), dns, stuckAfter);
      ServiceCheck service = new ServiceCheck();
      List<Finding> findings = new ArrayList<>(service.run(checkup));
      // Every other check asks the same service: when it does not answer, one line says it all.
      if (service.answered()) {
        Checkup onServiceClock = checkup.onServiceClock(service.skew());
        AFTER_THE_SERVICE.forEach(check -> findings.addAll(check.run(onServiceClock)));
      }
      diagnosis = Diagnosis.of(findings);
    }
    output.print(spec.commandLine().getOut(), diagnosis, diagnosis.text());
    return diagnosis.status() == Finding.Status.FAIL ? Ubernetes.FAILED : Ubernetes.OK;
  }

  /** {@code HOST:PORT}. */
  static final class Address implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      int colon = value.lastIndexOf(':');
      try {
        if (colon > 0) {
          String host = value.substring(0, colon).replace("[", "").replace("]", "");
          return new InetSocketAddress(host, Integer.parseInt(value.substring(colon + 1)));
        }
      } catch (IllegalArgumentException e) {
        // Told below.
      }
      throw new TypeConversionException("'" + value + "' is not HOST:PORT, e.g. 127.0.0.1:5353");
    }
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}, or ISO 8601 ({@code PT10M}). */
  static final class Age implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        if (value.matches("\\d+[smhd]")) {
          long amount = Long.parseLong(value.substring(0, value.length() - 1));
          return switch (value.charAt(value.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
        }
        return Duration.parse(value);
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a duration, e.g. 90s, 10m, 1h or PT10M");
      }
    }
  }
}
