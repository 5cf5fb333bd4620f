package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/** Inline overrides may change a template, never the fields the federation sets on it. */
class InlineOverridesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final FederatedWorkloadStrategy strategy =
      new FederatedWorkloadStrategy(new ManifestValidator(), null);

  private List<FieldError> admit(String kind, String patch) {
    String body =
        """
        {"apiVersion": "apps/v1", "kind": "%s", "metadata": {"name": "web"},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [{"name": "web", "image": "web:1"}]}}}}
        """
            .formatted(kind);
    WorkloadSpec spec =
        new WorkloadSpec(
            JSON.readTree(body),
            null,
            3,
            null,
            List.of(new WorkloadSpec.ClusterOverride(null, List.of(JSON.readTree(patch)))),
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    FieldErrors errors = new FieldErrors();
    strategy.admit(
        new ObjectMeta("web", "shop", null, null, null, null, null, null, null), spec, errors);
    return errors.list();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Deployment  | {"op": "replace", "path": "/spec/replicas", "value": 5}                            | the scheduler's share
          StatefulSet | {"op": "add", "path": "/spec/replicas", "value": 5}                                | spec.autoscaling
          Deployment  | {"op": "remove", "path": "/spec/replicas"}                                         | the scheduler's share
          Deployment  | {"op": "replace", "path": "/spec", "value": {}}                                    | the scheduler's share
          Deployment  | {"op": "add", "path": "/metadata/labels/ubernetes.io~1workload", "value": "x"}     | the federation's
          Deployment  | {"op": "add", "path": "/metadata/annotations/ubernetes.io~1revision", "value": "1"} | the federation's
          Deployment  | {"op": "add", "path": "/spec/template/metadata/labels/ubernetes.io~1managed-by", "value": "me"} | the federation's
          Deployment  | {"op": "replace", "path": "/metadata", "value": {"name": "other"}}                 | /metadata/name
          Deployment  | {"op": "move", "from": "/metadata/namespace", "path": "/spec/x"}                   | /metadata/namespace
          """)
  void refusesFederationOwnedFields(String kind, String patch, String why) {
    assertThat(admit(kind, patch))
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).startsWith("spec.overrides[0].patch[0].");
              assertThat(error.message()).contains(why);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "web:2"}
          {"op": "add", "path": "/metadata/labels/team", "value": "eu"}
          {"op": "replace", "path": "/spec/template", "value": {"spec": {"containers": []}}}
          {"op": "add", "path": "/spec/minReadySeconds", "value": 5}
          """)
  void acceptsOtherFields(String patch) {
    assertThat(admit("Deployment", patch)).isEmpty();
  }
}
