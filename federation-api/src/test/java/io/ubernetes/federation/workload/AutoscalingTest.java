package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** How far the autoscalers among a workload's resources may scale its template, as quotas count. */
class AutoscalingTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNode DEPLOYMENT =
      JSON.readTree("{\"apiVersion\": \"apps/v1\", \"kind\": \"Deployment\"}");

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "none among the resources | | 0",
        "one that scales the template, named after the workload | autoscaling/v2 Deployment web 7"
            + " | 7",
        "the largest of two that scale it | autoscaling/v2 Deployment web 4;autoscaling/v1"
            + " Deployment web 9 | 9",
        "one that scales another object | autoscaling/v2 Deployment api 7 | 0",
        "one that scales another kind of the same name | autoscaling/v2 StatefulSet web 7 | 0",
        "one of another group | example.com/v1 Deployment web 7 | 0",
        "one without maxReplicas | autoscaling/v2 Deployment web - | 0"
      })
  void theLargestMaxReplicasOfTheAutoscalersThatScaleTheTemplate(
      String name, String autoscalers, int expected) {
    List<JsonNode> resources = new ArrayList<>();
    resources.add(JSON.readTree("{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}"));
    if (autoscalers != null) {
      for (String autoscaler : autoscalers.split(";")) {
        String[] parts = autoscaler.split(" ");
        resources.add(
            JSON.readTree(
                """
                {"apiVersion": "%s", "kind": "HorizontalPodAutoscaler",
                 "spec": {"scaleTargetRef": {"kind": "%s", "name": "%s"}%s}}
                """
                    .formatted(
                        parts[0],
                        parts[1],
                        parts[2],
                        parts[3].equals("-") ? "" : ", \"maxReplicas\": " + parts[3])));
      }
    }

    assertThat(Autoscaling.maxReplicas(DEPLOYMENT, resources, "web")).isEqualTo(expected);
  }
}
