package io.ubernetes.sandbox;

import io.ubernetes.sandbox.Kubectl.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code kubectl ubernetes} as the install command installs it (the launcher and its jar of {@code
 * kubectl-plugin/target} side by side in a directory on the PATH), run through the real kubectl's
 * plugin discovery, against the sandbox with its default four clusters and the kubeconfig it wrote.
 */
final class InstalledPlugin {
  final Path bin;
  final Map<String, String> environment;
  private final Kubectl kubectl;

  private InstalledPlugin(Path bin, Map<String, String> environment, Kubectl kubectl) {
    this.bin = bin;
    this.environment = environment;
    this.kubectl = kubectl;
  }

  /** Installs the plugin in {@code bin}, to be run by {@code kubectl}. */
  static InstalledPlugin install(Path bin, Kubectl kubectl) throws IOException {
    Path built = Path.of(System.getProperty("ubernetes.kubectl-plugin.directory"));
    for (String file : List.of("kubectl-ubernetes", "kubectl-ubernetes.jar")) {
      Path target = bin.resolve(file);
      Files.copy(built.resolve(file), target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    Map<String, String> environment =
        Map.of(
            "PATH",
            bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            // The JDK the tests run on; the launcher takes JAVA_HOME before the PATH's java.
            "JAVA_HOME",
            System.getProperty("java.home"));
    return new InstalledPlugin(bin, environment, kubectl);
  }

  /**
   * The sandbox with its four clusters over HTTPS, heartbeats every second, its kubeconfig in
   * {@code data}, and {@code settings} (such as {@code --name=value}) besides.
   */
  static ConfigurableApplicationContext sandbox(Path data, String... settings) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--ubernetes.database.embedded.ephemeral=true",
                "--ubernetes.agents.data-directory=" + data,
                "--ubernetes.kubeconfig.enabled=true",
                "--ubernetes.sandbox.heartbeat-interval=1s",
                "--ubernetes.sandbox.start-delay=200ms",
                "--ubernetes.dns.port=0",
                "--spring.main.banner-mode=off"));
    arguments.addAll(List.of(settings));
    return SandboxApplication.run(arguments.toArray(String[]::new));
  }

  /** {@code kubectl ubernetes ARGS...}. */
  Result run(String... args) {
    List<String> command = new ArrayList<>(List.of("ubernetes"));
    command.addAll(List.of(args));
    return kubectl.run(environment, null, command.toArray(String[]::new));
  }
}
