package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The README's first command, {@code ./mvnw -pl sandbox -am spring-boot:run@sandbox}, runs Spring
 * Boot's {@code run} goal in every module the sandbox is built with. The parent skips the plugin; a
 * module that needs its repackaging turns the skip off in that execution only. A module that turned
 * it off for the whole plugin would try to run itself first, and the command would fail before the
 * sandbox starts.
 */
class SandboxRunBuildTest {
  private static final Path ROOT = Path.of("..");

  @Test
  void noModuleBuiltWithTheSandboxRunsItselfUnderItsRunCommand() throws Exception {
    List<String> running = new ArrayList<>();
    try (var modules = Files.list(ROOT)) {
      for (Path pom :
          modules.map(m -> m.resolve("pom.xml")).filter(Files::isRegularFile).sorted().toList()) {
        if (!pom.getParent().getFileName().toString().equals("sandbox")
            && skipOffForTheWholePlugin(read(pom))) {
          running.add(pom.getParent().getFileName().toString());
        }
      }
    }

    assertThat(running)
        .as("modules whose spring-boot-maven-plugin is not skipped outside its own executions")
        .isEmpty();
  }

  private static boolean skipOffForTheWholePlugin(Document pom) {
    var plugins = pom.getElementsByTagName("plugin");
    for (int i = 0; i < plugins.getLength(); i++) {
      Element plugin = (Element) plugins.item(i);
      if (!"spring-boot-maven-plugin".equals(child(plugin, "artifactId"))
          || "pluginManagement".equals(plugin.getParentNode().getParentNode().getNodeName())) {
        continue;
      }
      Element configuration = element(plugin, "configuration");
      if (configuration != null && "false".equals(child(configuration, "skip"))) {
        return true;
      }
    }
    return false;
  }

  private static Document read(Path pom)
      throws IOException, ParserConfigurationException, SAXException {
    try (InputStream in = Files.newInputStream(pom)) {
      return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
    }
  }

  private static Element element(Element parent, String name) {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && element.getTagName().equals(name)) {
        return element;
      }
    }
    return null;
  }

  private static String child(Element parent, String name) {
    Element element = element(parent, name);
    return element == null ? null : element.getTextContent().trim();
  }
}
