package io.ubernetes.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1SecurityContext;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What both charts' pods must satisfy, and ways to read them. */
final class Pods {
  private Pods() {}

  /**
   * The Pod Security Standards' "restricted" profile and a read-only root file system: every
   * writable mount is an emptyDir.
   */
  static void assertRestricted(V1PodSpec pod) {
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    Map<String, V1Volume> volumes =
        pod.getVolumes().stream().collect(Collectors.toMap(V1Volume::getName, Function.identity()));
    for (V1Container container : pod.getContainers()) {
      V1SecurityContext security = container.getSecurityContext();
      assertThat(security.getRunAsNonRoot()).isTrue();
      assertThat(security.getReadOnlyRootFilesystem()).isTrue();
      assertThat(security.getAllowPrivilegeEscalation()).isFalse();
      assertThat(security.getPrivileged()).isFalse();
      assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
      assertThat(security.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(container.getPorts())
          .allSatisfy(port -> assertThat(port.getContainerPort()).isGreaterThan(1023));
      for (V1VolumeMount mount : container.getVolumeMounts()) {
        V1Volume volume = volumes.get(mount.getName());
        assertThat(volume).as("volume of mount %s", mount.getMountPath()).isNotNull();
        if (!Boolean.TRUE.equals(mount.getReadOnly())) {
          assertThat(volume.getEmptyDir())
              .as("writable mount %s is an emptyDir", mount.getMountPath())
              .isNotNull();
        }
      }
      assertThat(container.getVolumeMounts())
          .as("the JVM's temporary directory is writable")
          .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }
  }

  static Optional<V1EnvVar> env(V1Container container, String name) {
    return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst();
  }

  /** The literal value of an environment variable; an assertion error when it has none. */
  static String envValue(V1Container container, String name) {
    return env(container, name)
        .map(V1EnvVar::getValue)
        .orElseThrow(() -> new AssertionError("No value for " + name));
  }

  static V1VolumeMount mount(V1Container container, String path) {
    return container.getVolumeMounts().stream()
        .filter(mount -> mount.getMountPath().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("Nothing mounted at " + path));
  }

  static V1Volume volume(V1PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(volume -> volume.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("No volume " + name));
  }
}
