package io.ubernetes.federation.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started beside this one, with its JDK and classpath, logging to a file; stopped by its PID,
 * and its descendants with it (an embedded PostgreSQL among them) should it not stop in time. The
 * end-to-end tests crash, freeze and stop service replicas with it; the fleet and soak benchmarks
 * run the service and the sandbox with it. Packaged in this module's test jar, alone.
 */
public final class JavaProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private volatile boolean suspended;

  private JavaProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /**
   * @param directory where its log goes, as {@code <name>.log}
   * @param launcher what runs the JVM, exec-ing it so that the process started is the JVM itself
   *     ({@code nice -n 10}, {@code taskset -c 1}), or nothing
   */
  public static JavaProcess start(
      Path directory,
      String name,
      List<String> launcher,
      List<String> jvmArgs,
      String mainClass,
      List<String> args)
      throws IOException {
    return start(
        directory,
        name,
        launcher,
        jvmArgs,
        List.of(System.getProperty("java.class.path").split(File.pathSeparator)),
        mainClass,
        args);
  }

  /**
   * As {@link #start(Path, String, List, List, String, List)}, on a classpath of the caller's
   * choosing: a test starts the service without its own classes, whose Spring configurations would
   * otherwise be found by the service's component scan.
   */
  public static JavaProcess start(
      Path directory,
      String name,
      List<String> launcher,
      List<String> jvmArgs,
      List<String> classpath,
      String mainClass,
      List<String> args)
      throws IOException {
    Path log = directory.resolve(name + ".log").toAbsolutePath();
    Files.createDirectories(log.getParent());
    List<String> command = new ArrayList<>(launcher);
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    JavaProcess started = new JavaProcess(name, process, log);
    Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    return started;
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return log;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code url} answers 200, failing early if the process ends. */
  public void awaitHttp(URI url, Duration patience) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    try (HttpClient http = HttpClient.newHttpClient()) {
      while (System.nanoTime() < deadline) {
        try {
          HttpResponse<Void> answer =
              http.send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (answer.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        // Waits for the next try on the process itself: one that ends meanwhile fails at once.
        if (process.waitFor(250, TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException(name + " exited; see " + log);
        }
      }
    }
    throw new IllegalStateException(name + " did not answer " + url + " within " + patience);
  }

  /** SIGKILL: the process ends at once, as in a crash; the kernel closes its sockets. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGSTOP: the process freezes, as in a long pause; its sockets stay open. */
  public void suspend() throws IOException, InterruptedException {
    signal("STOP");
    suspended = true;
  }

  /** SIGCONT: a suspended process carries on. */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
    suspended = false;
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
    }
  }

  /** SIGTERM (a suspended process is resumed first), then after 30 s SIGKILL for it and its own. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    try {
      if (suspended) {
        resume();
      }
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        descendants.forEach(ProcessHandle::destroyForcibly);
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A port free on 127.0.0.1 right now. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
