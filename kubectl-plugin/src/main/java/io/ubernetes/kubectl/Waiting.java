package io.ubernetes.kubectl;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout} of the commands that wait for the federation to act. */
final class Waiting {
  @Option(
      names = "--wait",
      arity = "0..1",
      fallbackValue = "true",
      defaultValue = "true",
      paramLabel = "BOOLEAN",
      description = "wait until it is done (default true; --wait=false returns at once)")
  boolean await = true;

  @Option(
      names = "--timeout",
      defaultValue = "5m",
      converter = Timeout.class,
      description = "how long to wait (default 5m; 0: no limit)")
  Duration timeout;
}
