package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.agent.protocol.Amounts;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesTest {
  // spotless:off
  @ParameterizedTest(name = "cpu {0}, memory {1} -> {2}, {3}")
  @CsvSource({
      "64,       256Gi,        64,     256Gi",
      "63500m,   1536Mi,       63500m, 1536Mi",
      "0.5,      1G,           500m,   1000000000",
      "250.4m,   1024,         251m,   1Ki",
      "1.5,      1073741825,   1500m,  1073741825",
      "0,        0,            0,      0",
  })
  // spotless:on
  void rendersKubernetesQuantities(
      String cpu, String memory, String renderedCpu, String renderedMemory) {
    Resources resources =
        Resources.of(
            Map.of(
                "cpu",
                new Quantity(cpu),
                "memory",
                new Quantity(memory),
                "pods",
                new Quantity("110")));

    assertThat(resources.toAmounts()).isEqualTo(new Amounts(renderedCpu, renderedMemory, "110"));
  }
}
