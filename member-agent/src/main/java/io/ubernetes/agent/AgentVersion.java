package io.ubernetes.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the build (a filtered resource). */
final class AgentVersion {
  private AgentVersion() {}

  static String current() {
    Properties properties = new Properties();
    try (InputStream in = AgentVersion.class.getResourceAsStream("/agent-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("agent.version", "unknown");
  }
}
