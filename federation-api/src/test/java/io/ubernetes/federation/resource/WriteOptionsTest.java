package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A writer that names no field manager is named by its User-Agent, as Kubernetes names it. */
class WriteOptionsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kubectl-edit/v1.35.2 (linux/amd64) kubernetes/fdc9d74 | kubectl-edit",
        "kubectl/v1.35.2 (linux/amd64) kubernetes/fdc9d74      | kubectl",
        "fabric8-kubernetes-client/7.8.0                       | fabric8-kubernetes-client",
        "curl/8.5.0                                            | curl",
        "no-version                                            | no-version",
        "''                                                    | unknown",
      })
  void theFieldManagerIsTheUserAgentUpToItsFirstSlash(String userAgent, String manager) {
    assertThat(WriteOptions.fromUserAgent(userAgent)).isEqualTo(manager);
  }

  @ParameterizedTest
  @CsvSource({"200, 128", "5, 5"})
  void aLongUserAgentIsCutToTheLongestManagerName(int length, int expected) {
    assertThat(WriteOptions.fromUserAgent("a".repeat(length) + "/1")).hasSize(expected);
  }
}
