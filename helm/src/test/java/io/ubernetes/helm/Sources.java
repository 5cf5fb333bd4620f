package io.ubernetes.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Files of the service and the agent that the charts must agree with. */
final class Sources {
  private Sources() {}

  static Path root() {
    return Path.of(System.getProperty("ubernetes.root", ".."));
  }

  static String read(String path) {
    try {
      return Files.readString(root().resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, Object> yaml(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  /** The value at a dotted path of nested maps, or null. */
  static Object at(Map<String, Object> tree, String dottedPath) {
    Object node = tree;
    for (String key : dottedPath.split("\\.")) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node;
  }
}
