package io.ubernetes.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodRequestsTest {
  private static Container container(String cpu, String memory) {
    return new ContainerBuilder()
        .withName("c")
        .withNewResources()
        .withRequests(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory)))
        .endResources()
        .build();
  }

  private static Container sidecar(String cpu, String memory) {
    return new ContainerBuilder(container(cpu, memory)).withRestartPolicy("Always").build();
  }

  private static Resources requests(PodSpec spec) {
    return PodRequests.of(spec);
  }

  @Test
  void sumsContainers() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("250m", "256Mi"), container("500m", "512Mi"))
            .build();

    assertThat(requests(spec)).isEqualTo(new Resources(750, 768L << 20, 0));
  }

  @Test
  void countsInitContainersAsTheirLargestPerResource() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("250m", "2Gi"))
            .withInitContainers(container("1", "128Mi"), container("500m", "1Gi"))
            .build();

    assertThat(requests(spec)).isEqualTo(new Resources(1000, 2L << 30, 0));
  }

  @Test
  void addsSidecarsToTheContainersAndToTheInitContainersThatStartAfterThem() {
    // Sidecar 100m runs alongside everything after it: init "1" needs 1100m, containers 350m.
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("250m", "64Mi"))
            .withInitContainers(sidecar("100m", "32Mi"), container("1", "64Mi"))
            .build();

    assertThat(requests(spec)).isEqualTo(new Resources(1100, 96L << 20, 0));
  }

  @Test
  void addsPodOverhead() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(container("250m", "64Mi"))
            .withOverhead(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("16Mi")))
            .build();

    assertThat(requests(spec)).isEqualTo(new Resources(300, 80L << 20, 0));
  }

  @Test
  void containersWithoutRequestsRequestNothing() {
    PodSpec spec =
        new PodSpecBuilder()
            .withContainers(new ContainerBuilder().withName("bare").build())
            .build();

    assertThat(requests(spec)).isEqualTo(Resources.ZERO);
  }
}
