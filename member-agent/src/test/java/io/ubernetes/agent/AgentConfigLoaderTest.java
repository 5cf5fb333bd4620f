package io.ubernetes.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ubernetes.agent.sync.ApplyMode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgentConfigLoaderTest {
  private static final String TOKEN = "join-token-abcdef0123456789";

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("UBERNETES_FEDERATION_URL", "https://federation.example:8443");
    env.put("UBERNETES_CLUSTER_NAME", "onprem-fra");
    env.put("UBERNETES_JOIN_TOKEN", TOKEN);
    env.put("PATH", "/usr/bin");
    return env;
  }

  @Test
  void readsTheRequiredVariablesAndDefaultsTheRest() throws Exception {
    AgentConfig config = AgentConfigLoader.load(minimal());

    assertThat(config.federationUrl()).isEqualTo(URI.create("https://federation.example:8443"));
    assertThat(config.clusterName()).isEqualTo("onprem-fra");
    assertThat(config.joinToken()).isEqualTo(TOKEN);
    assertThat(config.timings().heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.timings().pollTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(config.stateNamespace()).isEqualTo("ubernetes-system");
    assertThat(config.healthAddress().getPort()).isEqualTo(8081);
    assertThat(config.healthAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(config.applyMode()).isEqualTo(ApplyMode.SERVER_SIDE);
    assertThat(config.topology()).isEqualTo(AgentConfig.Topology.NONE);
  }

  @Test
  void readsTheOptionalVariables() throws Exception {
    Map<String, String> env = minimal();
    env.put("UBERNETES_HEARTBEAT_INTERVAL", "2500ms");
    env.put("UBERNETES_STATE_NAMESPACE", "agents");
    env.put("UBERNETES_REGION", "eu-central");
    env.put("UBERNETES_ZONE", "eu-central-1a");
    env.put("UBERNETES_PROVIDER", "onprem");
    env.put("UBERNETES_TIER", "onprem");
    env.put("UBERNETES_HEALTH_ADDRESS", "0.0.0.0:9090");
    env.put("UBERNETES_APPLY_MODE", "update");

    AgentConfig config = AgentConfigLoader.load(env);

    assertThat(config.timings().heartbeatInterval()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.stateNamespace()).isEqualTo("agents");
    assertThat(config.topology())
        .isEqualTo(new AgentConfig.Topology("eu-central", "eu-central-1a", "onprem", "onprem"));
    assertThat(config.healthAddress().getPort()).isEqualTo(9090);
    assertThat(config.applyMode()).isEqualTo(ApplyMode.UPDATE);
  }

  @Test
  void trustsTheFederationCaBundleItIsGiven() throws Exception {
    Path bundle = Path.of(getClass().getResource("/tls/ca.pem").toURI());
    Map<String, String> env = minimal();
    env.put("UBERNETES_FEDERATION_CA_FILE", bundle.toString());

    AgentConfig config = AgentConfigLoader.load(env);

    assertThat(config.federationCaFile()).isEqualTo(bundle);
    assertThat(AgentConfigLoader.load(minimal()).federationCaFile()).isNull();
  }

  @Test
  void refusesACaBundleWithoutCertificatesOrWithPlainHttp(@TempDir Path dir) throws Exception {
    Path garbage = Files.writeString(dir.resolve("ca.pem"), "not a certificate\n");
    Map<String, String> notPem = minimal();
    notPem.put("UBERNETES_FEDERATION_CA_FILE", garbage.toString());
    Map<String, String> plainHttp = minimal();
    plainHttp.put("UBERNETES_FEDERATION_URL", "http://federation.example:8080");
    plainHttp.put(
        "UBERNETES_FEDERATION_CA_FILE",
        Path.of(getClass().getResource("/tls/ca.pem").toURI()).toString());

    assertThatThrownBy(() -> AgentConfigLoader.load(notPem))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.variable()).isEqualTo("UBERNETES_FEDERATION_CA_FILE"));
    assertThatThrownBy(() -> AgentConfigLoader.load(plainHttp))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> assertThat(e.getMessage()).contains("not an https URL"));
  }

  @Test
  void theEnvironmentOverridesThePropertiesFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("agent.properties");
    Files.writeString(
        file,
        """
        UBERNETES_FEDERATION_URL=http://from-file:8080
        UBERNETES_CLUSTER_NAME=from-file
        UBERNETES_JOIN_TOKEN=token-from-file
        UBERNETES_HEARTBEAT_INTERVAL=30s
        """);
    Map<String, String> env = new HashMap<>();
    env.put("UBERNETES_AGENT_CONFIG", file.toString());
    env.put("UBERNETES_CLUSTER_NAME", "from-env");

    AgentConfig config = AgentConfigLoader.load(env);

    assertThat(config.clusterName()).isEqualTo("from-env");
    assertThat(config.federationUrl()).isEqualTo(URI.create("http://from-file:8080"));
    assertThat(config.timings().heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  // spotless:off
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', nullValues = "<unset>", value = {
      "UBERNETES_FEDERATION_URL     | <unset>               | is required",
      "UBERNETES_FEDERATION_URL     | federation.example    | absolute http or https URL",
      "UBERNETES_FEDERATION_URL     | ftp://federation      | absolute http or https URL",
      "UBERNETES_CLUSTER_NAME       | <unset>               | is required",
      "UBERNETES_CLUSTER_NAME       | Onprem_FRA            | DNS-1123 label",
      "UBERNETES_CLUSTER_NAME       | -edge                 | DNS-1123 label",
      "UBERNETES_JOIN_TOKEN         | '  '                  | is required",
      "UBERNETES_HEARTBEAT_INTERVAL | ten seconds           | duration",
      "UBERNETES_HEARTBEAT_INTERVAL | 10ms                  | at least 100ms",
      "UBERNETES_STATE_NAMESPACE    | Ubernetes.System      | DNS-1123 label",
      "UBERNETES_HEALTH_ADDRESS     | 8081                  | host:port",
      "UBERNETES_HEALTH_ADDRESS     | 127.0.0.1:70000       | port must be 0 to 65535",
      "UBERNETES_APPLY_MODE         | client-side           | server-side or update",
      "UBERNETES_AGENT_CONFIG       | /nonexistent/agent.properties | cannot read",
      "UBERNETES_FEDERATION_CA_FILE | /nonexistent/ca.pem   | cannot read",
  })
  // spotless:on
  void rejectsAnInvalidVariableByName(String variable, String value, String problem) {
    Map<String, String> env = minimal();
    if (value == null) {
      env.remove(variable);
    } else {
      env.put(variable, value);
    }

    assertThatThrownBy(() -> AgentConfigLoader.load(env))
        .isInstanceOfSatisfying(
            InvalidConfigException.class,
            e -> {
              assertThat(e.variable()).isEqualTo(variable);
              assertThat(e.getMessage()).startsWith(variable + ": ").contains(problem);
              assertThat(e.getMessage()).doesNotContain(TOKEN);
            });
  }

  // spotless:off
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "10s,   PT10S",
      "10,    PT10S",
      "500ms, PT0.5S",
      "2m,    PT2M",
      "1h,    PT1H",
      "PT15S, PT15S",
  })
  // spotless:on
  void readsDurationsWithOrWithoutUnits(String value, String expected) throws Exception {
    assertThat(
            AgentConfigLoader.duration(
                Map.of("UBERNETES_HEARTBEAT_INTERVAL", value),
                "UBERNETES_HEARTBEAT_INTERVAL",
                Duration.ZERO))
        .isEqualTo(Duration.parse(expected));
  }

  @Test
  void neverShowsTheJoinToken() throws IOException, InvalidConfigException {
    assertThat(AgentConfigLoader.load(minimal()).toString())
        .doesNotContain(TOKEN)
        .contains("onprem-fra");
  }
}
