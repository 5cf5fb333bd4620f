package io.ubernetes.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives HTTP load with {@code wrk}, a separate native process: a load generator written in Java
 * and sharing the server's JVM and two cores would measure itself as much as the server.
 */
final class Wrk {
  private final Path scripts;
  private final String url;
  private final int connections;

  Wrk(Path workDirectory, String url, int connections) throws IOException {
    this.scripts = workDirectory;
    this.url = url;
    this.connections = connections;
    for (String script :
        List.of("create-workloads.lua", "get-workloads.lua", "list-workloads.lua", "report.lua")) {
      try (InputStream in = Wrk.class.getResourceAsStream("/wrk/" + script)) {
        Files.copy(in, workDirectory.resolve(script));
      }
    }
  }

  static void requireInstalled() {
    try {
      Process probe = new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      probe.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException(
          "wrk is not installed; run benchmarks/run-api-benchmark.sh, which installs it", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Measurement run(String name, String script, Duration duration, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "wrk",
                "--threads",
                "1",
                "--connections",
                Integer.toString(connections),
                "--duration",
                duration.toSeconds() + "s",
                "--timeout",
                "10s",
                "--script",
                scripts.resolve(script).toString(),
                url));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    builder.environment().put("TOKEN", ApiBenchmark.ADMIN_TOKEN);
    builder.environment().put("SCRIPTS", scripts.toString());
    Process wrk = builder.start();
    String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (wrk.waitFor() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return parse(name, output);
  }

  private static Measurement parse(String name, String output) {
    String result =
        output
            .lines()
            .filter(line -> line.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("wrk printed no result:\n" + output));
    Map<String, Long> values = new HashMap<>();
    for (String pair : result.substring("RESULT ".length()).split(" ")) {
      String[] keyValue = pair.split("=");
      values.put(keyValue[0], Long.parseLong(keyValue[1]));
    }
    return new Measurement(
        name,
        values.get("requests"),
        values.get("status_errors") + values.get("socket_errors"),
        values.get("duration_us") / 1e6,
        values.get("p50_us") / 1e3,
        values.get("p99_us") / 1e3,
        values.get("p999_us") / 1e3);
  }
}
