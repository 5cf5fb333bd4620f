package io.ubernetes.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kubectl, run as a user runs it: with a kubeconfig, its own home (so its discovery and
 * HTTP caches start empty and stay apart from the user's), a timeout, and what it printed.
 */
final class Kubectl {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

  /** What a run printed, and how it ended. */
  record Result(int exitCode, String out, String err) {
    /** The output, for an assertion's message. */
    @Override
    public String toString() {
      return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private final Path binary;
  private final Path kubeconfig;
  private final Path home;

  /**
   * @param home kubectl's home directory, where {@code .kube/cache} goes and the output is kept
   */
  Kubectl(Path kubeconfig, Path home) {
    this.binary = KubectlBinary.kubectl();
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  Result run(String... args) {
    return run(Map.of(), null, args);
  }

  /** Runs kubectl with {@code stdin} as its input (for {@code -f -}). */
  Result withInput(String stdin, String... args) {
    return run(Map.of(), stdin, args);
  }

  /**
   * @param environment more variables, e.g. {@code KUBE_EDITOR}
   * @param stdin its input, or null for none
   */
  Result run(Map<String, String> environment, String stdin, String... args) {
    int run = RUNS.incrementAndGet();
    Path out = home.resolve("run-" + run + ".out");
    Path err = home.resolve("run-" + run + ".err");
    try {
      Process process = start(run, environment, stdin, args);
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError(
            "kubectl "
                + String.join(" ", args)
                + " did not end within "
                + TIMEOUT
                + ":\n"
                + Files.readString(err));
      }
      return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while kubectl ran", e);
    }
  }

  /**
   * Issues an API token as a user without curl would: {@code kubectl create --raw /api/v1/tokens}
   * with {@code request} as the body ({@code {"name": ..., "role": ..., "expiresIn": ...}}).
   *
   * @return the token, which only this answer shows
   */
  String issueToken(String request) {
    Result issued = withInput(request, "create", "--raw", "/api/v1/tokens", "-f", "-");
    Matcher token = TOKEN.matcher(issued.out());
    if (issued.exitCode() != 0 || !token.find()) {
      throw new AssertionError("no token issued for " + request + "\n" + issued);
    }
    return token.group(1);
  }

  /**
   * Starts kubectl and leaves it running, for verbs that do not end by themselves ({@code get -w}).
   * Close what this returns: that stops the process.
   */
  Background background(String... args) {
    int run = RUNS.incrementAndGet();
    try {
      return new Background(
          start(run, Map.of(), null, args),
          home.resolve("run-" + run + ".out"),
          home.resolve("run-" + run + ".err"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Process start(int run, Map<String, String> environment, String stdin, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(List.of(args));
    Path out = home.resolve("run-" + run + ".out");
    Path err = home.resolve("run-" + run + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    env.put("HOME", home.toString());
    env.put("KUBECONFIG", kubeconfig.toString());
    env.putAll(environment);
    Files.createDirectories(home);
    if (stdin != null) {
      Path in = home.resolve("run-" + run + ".in");
      Files.writeString(in, stdin);
      builder.redirectInput(in.toFile());
    } else {
      builder.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    return builder.start();
  }

  /** A kubectl still running: what it printed so far; closing it stops it. */
  static final class Background implements AutoCloseable {
    private final Process process;
    private final Path out;
    private final Path err;

    private Background(Process process, Path out, Path err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** Its standard output so far. */
    String out() {
      return read(out);
    }

    /** Its standard error so far. */
    String err() {
      return read(err);
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** How it ended; only once it has. */
    int exitCode() {
      return process.exitValue();
    }

    @Override
    public String toString() {
      return (process.isAlive() ? "running" : "exit " + process.exitValue())
          + "\nstdout:\n"
          + out()
          + "\nstderr:\n"
          + err();
    }

    /** Stops kubectl, by its own PID, and waits until it is gone. */
    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
