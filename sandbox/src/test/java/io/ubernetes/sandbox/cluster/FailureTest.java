package io.ubernetes.sandbox.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureTest {
  private static Pod pod(String image, String annotation, String restartPolicy) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("web-1")
        .withAnnotations(annotation == null ? null : Map.of(Failure.ANNOTATION, annotation))
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy(restartPolicy)
        .addNewContainer()
        .withName("web")
        .withImage(image)
        .endContainer()
        .endSpec()
        .build();
  }

  @ParameterizedTest(name = "{0}: image {1}, annotation {2}, restartPolicy {3} -> {4}")
  @CsvSource(
      nullValues = "-",
      quoteCharacter = '"',
      value = {
        "a good image runs,             nginx:1.27,                          -,                -,         -",
        "a crashloop tag crash-loops,    nginx:crashloop,                     -,                -,         CRASH_LOOP",
        "with a registry port,       registry.local:5000/web:crashloop,   -,                Always,    CRASH_LOOP",
        "a crashloop repository runs,    crashloop/web:1.0,                   -,                -,         -",
        "a port is no tag,               crashloop:5000/web,                  -,                -,         -",
        "a digest is no tag,             web:crashloop@sha256:0123,           -,                -,         CRASH_LOOP",
        "a missing repository,           registry.example.com/does-not-exist, -,                -,         IMAGE_PULL",
        "a missing tag,                  nginx:does-not-exist-1.0,            -,                -,         IMAGE_PULL",
        "a crash that may not restart,   nginx:crashloop,                     -,                Never,     FAILED",
        "a crash restarted on failure,   nginx:crashloop,                     -,                OnFailure, CRASH_LOOP",
        "the annotation wins,            nginx:crashloop,                     ImagePullBackOff, -,         IMAGE_PULL",
        "annotated crash loop,           nginx:1.27,                          CrashLoopBackOff, -,         CRASH_LOOP",
        "annotated not ready,            nginx:1.27,                          NotReady,         -,         NOT_READY",
        "a failed Job pod,               busybox:1.37,                        Failed,           Never,     FAILED",
        "on failure it fails,            busybox:1.37,                        Failed,           OnFailure, FAILED",
        "restarted always,               nginx:1.27,                          Failed,           Always,    CRASH_LOOP",
        "restarted by default,           nginx:1.27,                          Failed,           -,         CRASH_LOOP",
        "an unknown value is ignored,    nginx:1.27,                          crashloopbackoff, -,         -",
      })
  void failsAsItsTemplateAsks(
      String name, String image, String annotation, String restartPolicy, Failure expected) {
    Pod pod = pod(image, annotation, restartPolicy);
    Container container = pod.getSpec().getContainers().getFirst();

    assertThat(Failure.of(pod, container)).isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "start delay {0}: first back-off {1}, then {2}, at most {3}")
  @CsvSource({
    "PT2S,    PT10S,   PT20S,  PT5M",
    "PT0.3S,  PT1.5S,  PT3S,   PT45S",
    "PT0S,    PT0.25S, PT0.5S, PT7.5S",
  })
  void theBackOffDoublesUpToACapScaledToTheStartDelay(
      Duration startDelay, Duration first, Duration second, Duration cap) {
    BackOff backOff = BackOff.scaledTo(startDelay);

    assertThat(backOff.after(0)).isEqualTo(first);
    assertThat(backOff.after(1)).isEqualTo(second);
    assertThat(backOff.after(40)).isEqualTo(cap);
  }

  @ParameterizedTest(name = "{0} prints as {1}")
  @CsvSource({"PT10S, 10s", "PT1.5S, 1.5s", "PT0.25S, 250ms", "PT1M20S, 1m20s", "PT5M, 5m0s"})
  void backOffsPrintAsTheKubeletPrintsThem(Duration duration, String printed) {
    assertThat(BackOff.format(duration)).isEqualTo(printed);
  }
}
