package io.ubernetes.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredFieldsTest {
  private static final Map<String, Object> DESIRED =
      Map.of(
          "metadata", Map.of("name", "web", "labels", Map.of("app", "web")),
          "spec",
              Map.of(
                  "replicas",
                  3,
                  "template",
                  Map.of(
                      "spec",
                      Map.of(
                          "containers",
                          List.of(
                              Map.of(
                                  "name",
                                  "web",
                                  "resources",
                                  Map.of("requests", Map.of("cpu", 1))))))));

  @Test
  void fieldsTheServerOrOthersAddAreNotDrift() {
    Map<String, Object> live =
        Map.of(
            "metadata",
                Map.of(
                    "name",
                    "web",
                    "resourceVersion",
                    "17",
                    "labels",
                    Map.of("app", "web", "team", "payments"),
                    "annotations",
                    Map.of("deployment.kubernetes.io/revision", "2")),
            "spec",
                Map.of(
                    "replicas", 3,
                    "strategy", Map.of("type", "RollingUpdate"),
                    "template",
                        Map.of(
                            "spec",
                            Map.of(
                                "containers",
                                List.of(
                                    Map.of(
                                        "name", "web",
                                        "imagePullPolicy", "IfNotPresent",
                                        "resources", Map.of("requests", Map.of("cpu", "1"))))))),
            "status", Map.of("readyReplicas", 2));

    assertThat(DesiredFields.presentIn(DESIRED, live)).isTrue();
  }

  @Test
  void aChangedValueIsDrift() {
    Map<String, Object> live =
        Map.of(
            "metadata", Map.of("name", "web", "labels", Map.of("app", "web")),
            "spec",
                Map.of(
                    "replicas",
                    1,
                    "template",
                    Map.of(
                        "spec",
                        Map.of(
                            "containers",
                            List.of(
                                Map.of(
                                    "name",
                                    "web",
                                    "resources",
                                    Map.of("requests", Map.of("cpu", 1))))))));

    assertThat(DesiredFields.presentIn(DESIRED, live)).isFalse();
  }

  @Test
  void aMissingFieldOrListElementIsDrift() {
    assertThat(DesiredFields.presentIn(Map.of("a", Map.of("b", 1)), Map.of("a", Map.of())))
        .isFalse();
    assertThat(DesiredFields.presentIn(Map.of("l", List.of(1, 2)), Map.of("l", List.of(1))))
        .isFalse();
    assertThat(DesiredFields.presentIn(Map.of("l", List.of(1)), Map.of("l", List.of(1, 2))))
        .isFalse();
  }

  @Test
  void numbersCompareByValueAndEmptyCollectionsMatchAbsentOnes() {
    assertThat(DesiredFields.presentIn(Map.of("port", 8080), Map.of("port", "8080"))).isTrue();
    assertThat(DesiredFields.presentIn(Map.of("ratio", 1), Map.of("ratio", 1.0))).isTrue();
    assertThat(DesiredFields.presentIn(Map.of("on", true), Map.of("on", "true"))).isFalse();
    assertThat(DesiredFields.presentIn(Map.of("args", List.of()), Map.of())).isTrue();
  }
}
