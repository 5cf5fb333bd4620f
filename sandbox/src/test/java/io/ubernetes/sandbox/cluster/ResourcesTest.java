package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesTest {
  private static final long MI = 1L << 20;

  private static Container container(String name, String cpu, String memory) {
    return new ContainerBuilder()
        .withName(name)
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .endResources()
        .build();
  }

  @Test
  void containersAddUpAndThePodTakesOneSlot() {
    Resources requested =
        Resources.requestedBy(
            new PodSpecBuilder()
                .withContainers(container("a", "250m", "64Mi"), container("b", "1", "128Mi"))
                .build());

    assertThat(requested).isEqualTo(new Resources(1250, 192 * MI, 1));
  }

  @Test
  void theLargestInitContainerCountsAndSidecarsAddToWhatRunsAfterThem() {
    Container sidecar = container("proxy", "100m", "32Mi");
    sidecar.setRestartPolicy("Always");
    Resources requested =
        Resources.requestedBy(
            new PodSpecBuilder()
                .withInitContainers(container("migrate", "2", "16Mi"), sidecar)
                .withContainers(container("app", "500m", "256Mi"))
                .withOverhead(Map.of("cpu", new Quantity("10m")))
                .build());

    // max(app + proxy, migrate) per resource, then the overhead.
    assertThat(requested).isEqualTo(new Resources(2010, 288 * MI, 1));
  }

  @Test
  void aPodWithoutRequestsStillTakesASlot() {
    Resources requested =
        Resources.requestedBy(
            new PodSpecBuilder().addNewContainer().withName("app").endContainer().build());

    assertThat(requested).isEqualTo(new Resources(0, 0, 1));
  }

  // spotless:off
  @ParameterizedTest(name = "{0} -> {1}m, {2} -> {3} bytes")
  @CsvSource({
      "16,     16000, 64Gi, 68719476736",
      "7500m,  7500,  1G,   1000000000",
      "0.5,    500,   1Ki,  1024",
      "250.4m, 251,   1,    1",
  })
  // spotless:on
  void readsKubernetesQuantities(String cpu, long milliCpu, String memory, long bytes) {
    assertThat(Resources.milliCpu(cpu)).isEqualTo(milliCpu);
    assertThat(Resources.bytes(memory)).isEqualTo(bytes);
  }

  @Test
  void rejectsWhatIsNotAQuantity() {
    assertThatThrownBy(() -> Resources.milliCpu("lots"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
