package io.ubernetes.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

/**
 * One of the charts, linted and rendered by the Helm library that helm-java embeds, in process: no
 * cluster, no network, no child process.
 */
final class Chart {
  /** The oldest Kubernetes the charts support (their kubeVersion), so every field exists there. */
  static final String KUBE_VERSION = "v1.30.0";

  private final String name;
  private final Path directory;

  private Chart(String name) {
    this.name = name;
    this.directory = Path.of(System.getProperty("ubernetes.charts", ".")).resolve(name);
  }

  static Chart federation() {
    return new Chart("ubernetes");
  }

  static Chart memberAgent() {
    return new Chart("member-agent");
  }

  Path directory() {
    return directory;
  }

  LintResult lintStrict() {
    return new Helm(directory).lint().strict().call();
  }

  /**
   * Renders the chart as release {@code release} in namespace {@code namespace}, with the values
   * files of {@code src/test/resources/values/<chart>/} named in {@code valueSets} (in order) and
   * then {@code overrides} ({@code --set} syntax).
   */
  Rendered render(
      String release, String namespace, Map<String, Object> overrides, String... valueSets) {
    return Rendered.parse(template(release, namespace, overrides, valueSets).call());
  }

  Rendered render(String release, String namespace, String... valueSets) {
    return render(release, namespace, Map.of(), valueSets);
  }

  /** The message with which rendering fails, or an assertion error when it does not. */
  String renderFailure(String release, Map<String, Object> overrides, String... valueSets) {
    TemplateCommand command = template(release, "ubernetes", overrides, valueSets);
    try {
      command.call();
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
    throw new AssertionError("rendered " + name + " with " + overrides + " although it should not");
  }

  private TemplateCommand template(
      String release, String namespace, Map<String, Object> overrides, String... valueSets) {
    TemplateCommand command =
        new Helm(directory)
            .template()
            .withName(release)
            .withNamespace(namespace)
            .withKubeVersion(KUBE_VERSION);
    for (String valueSet : valueSets) {
      command = command.withValuesFile(valuesFile(valueSet));
    }
    for (Map.Entry<String, Object> override : overrides.entrySet()) {
      command = command.set(override.getKey(), override.getValue());
    }
    return command;
  }

  private Path valuesFile(String valueSet) {
    String resource = "/values/" + name + "/" + valueSet + ".yaml";
    URL url = Chart.class.getResource(resource);
    if (url == null) {
      throw new IllegalArgumentException("No values file " + resource);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(resource, e);
    }
  }
}
