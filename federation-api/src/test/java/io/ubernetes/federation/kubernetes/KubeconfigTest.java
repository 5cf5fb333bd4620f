package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The kubeconfig the service writes: what kubectl reads from it, and how it is kept on disk. */
class KubeconfigTest {
  private static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void namesOneClusterUserAndContextUbernetesWithTheServerItsCaAndTheToken() {
    JsonNode config =
        YAMLMapper.builder()
            .build()
            .readTree(new Kubeconfig("https://127.0.0.1:8443", CA, "ubt_admin_secret").yaml());

    assertThat(config.path("current-context").asString()).isEqualTo("ubernetes");
    assertThat(config.at("/contexts/0/context/cluster").asString()).isEqualTo("ubernetes");
    assertThat(config.at("/contexts/0/context/user").asString()).isEqualTo("ubernetes");
    assertThat(config.at("/clusters/0/name").asString()).isEqualTo("ubernetes");
    assertThat(config.at("/clusters/0/cluster/server").asString())
        .isEqualTo("https://127.0.0.1:8443");
    assertThat(
            new String(
                Base64.getDecoder()
                    .decode(config.at("/clusters/0/cluster/certificate-authority-data").asString()),
                StandardCharsets.US_ASCII))
        .isEqualTo(CA);
    assertThat(config.at("/users/0/name").asString()).isEqualTo("ubernetes");
    assertThat(config.at("/users/0/user/token").asString()).isEqualTo("ubt_admin_secret");
  }

  @Test
  void withoutATokenOrCaTheUserIsEmptyAndTheSystemRootsAreTrusted() {
    JsonNode config =
        YAMLMapper.builder()
            .build()
            .readTree(new Kubeconfig("http://10.0.0.1:80", null, null).yaml());

    assertThat(config.at("/users/0/user").isObject()).isTrue();
    assertThat(config.at("/users/0/user").size()).isZero();
    assertThat(config.at("/clusters/0/cluster").has("certificate-authority-data")).isFalse();
  }

  @Test
  void isWrittenForItsOwnerOnlyAndRewrittenOnlyWhenItChanges(@TempDir Path data) throws Exception {
    Path file = data.resolve("kubeconfig");
    Kubeconfig first = new Kubeconfig("https://127.0.0.1:8443", CA, "ubt_admin_secret");

    assertThat(first.writeTo(file)).isTrue();
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(first.writeTo(file)).as("unchanged").isFalse();

    Kubeconfig moved = new Kubeconfig("https://127.0.0.1:9443", CA, "ubt_admin_secret");
    assertThat(moved.writeTo(file)).as("another address").isTrue();
    assertThat(Files.readString(file)).contains("https://127.0.0.1:9443").doesNotContain("8443");
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    assertThat(data.resolve("kubeconfig.next")).doesNotExist();
  }
}
