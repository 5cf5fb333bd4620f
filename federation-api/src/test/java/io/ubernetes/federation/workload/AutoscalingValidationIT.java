package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code spec.autoscaling}: a mode other than {@code Member}, or {@code Member} on a template
 * without {@code spec.replicas}, is refused naming the field; {@code Member} without a
 * HorizontalPodAutoscaler for the template among the resources is accepted with a warning (the
 * members may have their own).
 */
class AutoscalingValidationIT extends ApiIntegrationTest {
  private static final String DEPLOYMENT =
      """
      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
       "spec": {"selector": {"matchLabels": {"app": "web"}},
                "template": {"metadata": {"labels": {"app": "web"}},
                             "spec": {"containers": [{"name": "web", "image": "nginx"}]}}}}
      """;
  private static final String UNNAMED_STATEFUL_SET =
      """
      {"apiVersion": "apps/v1", "kind": "StatefulSet",
       "spec": {"serviceName": "db", "selector": {"matchLabels": {"app": "db"}},
                "template": {"metadata": {"labels": {"app": "db"}},
                             "spec": {"containers": [{"name": "db", "image": "postgres"}]}}}}
      """;
  private static final String JOB =
      """
      {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"},
       "spec": {"template": {"spec": {"restartPolicy": "Never",
                                      "containers": [{"name": "m", "image": "flyway"}]}}}}
      """;
  private static final String DAEMON_SET =
      """
      {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
       "spec": {"selector": {"matchLabels": {"app": "agent"}},
                "template": {"metadata": {"labels": {"app": "agent"}},
                             "spec": {"containers": [{"name": "a", "image": "agent"}]}}}}
      """;

  private static String hpa(String apiVersion, String kind, String name) {
    return """
        {"apiVersion": "%s", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "hpa"},
         "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "%s", "name": "%s"},
                  "minReplicas": 1, "maxReplicas": 10}}
        """
        .formatted(apiVersion, kind, name);
  }

  private static final String NO_HPA = "[]";
  private static final String REFUSED = null;

  // spotless:off
  static Stream<Arguments> cases() {
    return Stream.of(
        argumentSet("unknown mode", "{\"mode\": \"Federated\"}", DEPLOYMENT, NO_HPA, 422, "spec.autoscaling.mode", REFUSED),
        argumentSet("mode in the wrong case", "{\"mode\": \"member\"}", DEPLOYMENT, NO_HPA, 422, "spec.autoscaling.mode", REFUSED),
        argumentSet("no mode", "{}", DEPLOYMENT, NO_HPA, 422, "spec.autoscaling.mode", REFUSED),
        argumentSet("a Job has no replicas", "{\"mode\": \"Member\"}", JOB, NO_HPA, 422, "spec.autoscaling.mode", REFUSED),
        argumentSet("a DaemonSet has no replicas", "{\"mode\": \"Member\"}", DAEMON_SET, NO_HPA, 422, "spec.autoscaling.mode", REFUSED),
        argumentSet("an HPA targets the Deployment", "{\"mode\": \"Member\"}", DEPLOYMENT, "[" + hpa("autoscaling/v2", "Deployment", "web") + "]", 201, null, null),
        argumentSet("an autoscaling/v1 HPA targets the Deployment", "{\"mode\": \"Member\"}", DEPLOYMENT, "[" + hpa("autoscaling/v1", "Deployment", "web") + "]", 201, null, null),
        argumentSet("an HPA targets the unnamed template by the workload's name", "{\"mode\": \"Member\"}", UNNAMED_STATEFUL_SET, "[" + hpa("autoscaling/v2", "StatefulSet", "@workload") + "]", 201, null, null),
        argumentSet("no HPA: the members may have their own", "{\"mode\": \"Member\"}", DEPLOYMENT, NO_HPA, 201, null, "no HorizontalPodAutoscaler in spec.resources targets Deployment"),
        argumentSet("an HPA of another object", "{\"mode\": \"Member\"}", DEPLOYMENT, "[" + hpa("autoscaling/v2", "Deployment", "api") + "]", 201, null, "no HorizontalPodAutoscaler in spec.resources targets Deployment"),
        argumentSet("an HPA of another kind of the same name", "{\"mode\": \"Member\"}", DEPLOYMENT, "[" + hpa("autoscaling/v2", "StatefulSet", "web") + "]", 201, null, "no HorizontalPodAutoscaler in spec.resources targets Deployment"),
        argumentSet("no autoscaling: the federation's replicas", "null", JOB, NO_HPA, 201, null, null));
  }
  // spotless:on

  @ParameterizedTest
  @MethodSource("cases")
  void validatesTheAutoscalingMode(
      String autoscaling,
      String template,
      String resources,
      int status,
      String field,
      String warning) {
    String name = unique("scaled");
    String body =
        """
        {"metadata": {"name": "%s"},
         "spec": {"template": %s, "resources": %s, "autoscaling": %s}}
        """
            .formatted(name, template, resources.replace("@workload", name), autoscaling);

    Response created = api.post("/api/v1/namespaces/shop/workloads", body);

    assertThat(created.status()).as(created.body()).isEqualTo(status);
    if (field != null) {
      assertThat(created.contentType()).startsWith("application/problem+json");
      assertThat(created.errorFields()).as(created.body()).containsExactly(field);
    }
    if (warning != null) {
      assertThat(created.header("Warning")).startsWith("299 - ").contains(warning);
    } else {
      assertThat(created.header("Warning")).as(created.body()).isNull();
    }
    if (status == 201 && !autoscaling.equals("null")) {
      assertThat(
              api.get("/api/v1/namespaces/shop/workloads/" + name).json().at("/spec/autoscaling"))
          .hasToString(autoscaling.replace(" ", ""));
    }
  }
}
