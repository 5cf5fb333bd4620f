package io.ubernetes.agent;

import io.ubernetes.agent.AgentConfig.Timings;
import io.ubernetes.agent.AgentConfig.Topology;
import io.ubernetes.agent.federation.FederationTrust;
import io.ubernetes.agent.sync.ApplyMode;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link AgentConfig} from environment variables, and from the properties file named by
 * {@code UBERNETES_AGENT_CONFIG} (same keys) when there is one. The environment wins over the file.
 */
final class AgentConfigLoader {
  static final String CONFIG_FILE = "UBERNETES_AGENT_CONFIG";
  static final String FEDERATION_URL = "UBERNETES_FEDERATION_URL";
  static final String CLUSTER_NAME = "UBERNETES_CLUSTER_NAME";
  static final String JOIN_TOKEN = "UBERNETES_JOIN_TOKEN";
  static final String HEARTBEAT_INTERVAL = "UBERNETES_HEARTBEAT_INTERVAL";
  static final String STATE_NAMESPACE = "UBERNETES_STATE_NAMESPACE";
  static final String REGION = "UBERNETES_REGION";
  static final String ZONE = "UBERNETES_ZONE";
  static final String PROVIDER = "UBERNETES_PROVIDER";
  static final String TIER = "UBERNETES_TIER";
  static final String HEALTH_ADDRESS = "UBERNETES_HEALTH_ADDRESS";
  static final String APPLY_MODE = "UBERNETES_APPLY_MODE";
  static final String FEDERATION_CA_FILE = "UBERNETES_FEDERATION_CA_FILE";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
  private static final Duration MIN_HEARTBEAT = Duration.ofMillis(100);

  private AgentConfigLoader() {}

  static AgentConfig load(Map<String, String> environment) throws InvalidConfigException {
    Map<String, String> values = new HashMap<>();
    String file = blankToNull(environment.get(CONFIG_FILE));
    if (file != null) {
      values.putAll(readFile(file));
    }
    environment.forEach(
        (key, value) -> {
          if (key.startsWith("UBERNETES_")) {
            values.put(key, value);
          }
        });

    URI federationUrl = url(required(values, FEDERATION_URL));
    String clusterName = required(values, CLUSTER_NAME);
    if (!AgentConfig.isDnsLabel(clusterName)) {
      throw new InvalidConfigException(
          CLUSTER_NAME,
          "must be a DNS-1123 label (at most 63 lower-case letters, digits and '-', starting and"
              + " ending with a letter or digit), got \""
              + clusterName
              + "\"");
    }
    String joinToken = required(values, JOIN_TOKEN);
    Duration heartbeat = duration(values, HEARTBEAT_INTERVAL, Duration.ofSeconds(10));
    if (heartbeat.compareTo(MIN_HEARTBEAT) < 0) {
      throw new InvalidConfigException(HEARTBEAT_INTERVAL, "must be at least 100ms");
    }
    String stateNamespace = optional(values, STATE_NAMESPACE, AgentConfig.DEFAULT_STATE_NAMESPACE);
    if (!AgentConfig.isDnsLabel(stateNamespace)) {
      throw new InvalidConfigException(
          STATE_NAMESPACE, "must be a DNS-1123 label, got \"" + stateNamespace + "\"");
    }
    Topology topology =
        new Topology(
            optional(values, REGION, null),
            optional(values, ZONE, null),
            optional(values, PROVIDER, null),
            optional(values, TIER, null));
    InetSocketAddress health =
        hostAndPort(HEALTH_ADDRESS, optional(values, HEALTH_ADDRESS, "127.0.0.1:8081"));
    ApplyMode applyMode = applyMode(optional(values, APPLY_MODE, "server-side"));
    Path caFile = caFile(federationUrl, optional(values, FEDERATION_CA_FILE, null));

    return new AgentConfig(
        federationUrl,
        clusterName,
        joinToken,
        stateNamespace,
        topology,
        health,
        applyMode,
        Timings.defaults(heartbeat),
        caFile);
  }

  /** The CA bundle, checked now: an https URL, a readable file, at least one certificate. */
  private static Path caFile(URI federationUrl, String value) throws InvalidConfigException {
    if (value == null) {
      return null;
    }
    if (!"https".equals(federationUrl.getScheme())) {
      throw new InvalidConfigException(
          FEDERATION_CA_FILE, "is set, but " + FEDERATION_URL + " is not an https URL");
    }
    Path file = Path.of(value);
    try {
      FederationTrust.certificates(file);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigException(FEDERATION_CA_FILE, e.getMessage());
    }
    return file;
  }

  private static Map<String, String> readFile(String file) throws InvalidConfigException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | RuntimeException e) {
      throw new InvalidConfigException(
          CONFIG_FILE, "cannot read the properties file \"" + file + "\": " + e.getMessage());
    }
    Map<String, String> values = new HashMap<>();
    properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
    return values;
  }

  private static String required(Map<String, String> values, String variable)
      throws InvalidConfigException {
    String value = blankToNull(values.get(variable));
    if (value == null) {
      throw new InvalidConfigException(variable, "is required");
    }
    return value;
  }

  private static String optional(Map<String, String> values, String variable, String fallback) {
    String value = blankToNull(values.get(variable));
    return value == null ? fallback : value;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static URI url(String value) throws InvalidConfigException {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new InvalidConfigException(
            FEDERATION_URL, "must be an absolute http or https URL, got \"" + value + "\"");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidConfigException(FEDERATION_URL, "is not a URL: " + e.getMessage());
    }
  }

  static Duration duration(Map<String, String> values, String variable, Duration fallback)
      throws InvalidConfigException {
    String value = blankToNull(values.get(variable));
    if (value == null) {
      return fallback;
    }
    Matcher simple = SIMPLE_DURATION.matcher(value);
    try {
      if (simple.matches()) {
        long amount = Long.parseLong(simple.group(1));
        String unit = simple.group(2) == null ? "s" : simple.group(2);
        return switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        };
      }
      return Duration.parse(value);
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      throw new InvalidConfigException(
          variable, "must be a duration such as 10s, 500ms, 2m or PT10S, got \"" + value + "\"");
    }
  }

  private static InetSocketAddress hostAndPort(String variable, String value)
      throws InvalidConfigException {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new InvalidConfigException(
          variable, "must be host:port, e.g. 127.0.0.1:8081, got \"" + value + "\"");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(value.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new InvalidConfigException(variable, "port must be 0 to 65535, got " + port);
      }
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (address.isUnresolved()) {
        throw new InvalidConfigException(variable, "unknown host \"" + host + "\"");
      }
      return address;
    } catch (NumberFormatException e) {
      throw new InvalidConfigException(
          variable, "must be host:port, e.g. 127.0.0.1:8081, got \"" + value + "\"");
    }
  }

  private static ApplyMode applyMode(String value) throws InvalidConfigException {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "server-side" -> ApplyMode.SERVER_SIDE;
      case "update" -> ApplyMode.UPDATE;
      default ->
          throw new InvalidConfigException(
              APPLY_MODE, "must be server-side or update, got \"" + value + "\"");
    };
  }
}
