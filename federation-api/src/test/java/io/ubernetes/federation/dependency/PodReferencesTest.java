package io.ubernetes.federation.dependency;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.dependency.PodReferences.Reference;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class PodReferencesTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A workload of {@code kind} whose pod spec is {@code pod}, where that kind keeps it. */
  private static JsonNode workload(String kind, String pod) {
    String json =
        switch (kind) {
          case "Pod" -> "{\"kind\": \"Pod\", \"spec\": " + pod + "}";
          case "CronJob" ->
              "{\"kind\": \"CronJob\", \"spec\": {\"jobTemplate\": {\"spec\": {\"template\":"
                  + " {\"spec\": "
                  + pod
                  + "}}}}}";
          default ->
              "{\"kind\": \"" + kind + "\", \"spec\": {\"template\": {\"spec\": " + pod + "}}}";
        };
    return JSON.readTree(json);
  }

  private static String shown(List<Reference> references) {
    return String.join(
        " ", references.stream().map(r -> r.key() + (r.optional() ? "?" : "")).toList());
  }

  // spotless:off
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          Deployment            | no pod spec references                       | {"containers": [{"name": "a", "image": "x"}]}                                                                                        |
          Deployment            | configMap volume                              | {"volumes": [{"name": "v", "configMap": {"name": "app-config"}}]}                                                                   | ConfigMap/app-config
          StatefulSet           | secret volume                                 | {"volumes": [{"name": "v", "secret": {"secretName": "tls"}}]}                                                                        | Secret/tls
          DaemonSet             | claim volume                                  | {"volumes": [{"name": "v", "persistentVolumeClaim": {"claimName": "data"}}]}                                                         | PersistentVolumeClaim/data
          ReplicaSet            | projected configMap and secret                | {"volumes": [{"name": "v", "projected": {"sources": [{"configMap": {"name": "a"}}, {"secret": {"name": "b"}}, {"serviceAccountToken": {"path": "t"}}]}}]} | ConfigMap/a Secret/b
          Job                   | env valueFrom key refs                        | {"containers": [{"name": "a", "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}}, {"name": "Y", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}, {"name": "Z", "value": "plain"}]}]} | ConfigMap/cm Secret/s
          CronJob               | envFrom in the job template                   | {"containers": [{"name": "a", "envFrom": [{"configMapRef": {"name": "cm"}}, {"secretRef": {"name": "s"}}]}]}                         | ConfigMap/cm Secret/s
          Pod                   | a bare pod's init and ephemeral containers    | {"initContainers": [{"name": "i", "envFrom": [{"configMapRef": {"name": "init"}}]}], "ephemeralContainers": [{"name": "e", "env": [{"name": "X", "valueFrom": {"secretKeyRef": {"name": "debug", "key": "k"}}}]}]} | ConfigMap/init Secret/debug
          Deployment            | imagePullSecrets                              | {"imagePullSecrets": [{"name": "registry"}]}                                                                                         | Secret/registry
          Deployment            | serviceAccountName                            | {"serviceAccountName": "app"}                                                                                                         | ServiceAccount/app
          Deployment            | deprecated serviceAccount                     | {"serviceAccount": "old"}                                                                                                             | ServiceAccount/old
          Deployment            | serviceAccountName wins over serviceAccount   | {"serviceAccountName": "new", "serviceAccount": "old"}                                                                               | ServiceAccount/new
          Deployment            | the default ServiceAccount is everywhere      | {"serviceAccountName": "default"}                                                                                                     |
          Deployment            | optional everywhere stays optional            | {"volumes": [{"name": "v", "configMap": {"name": "cm", "optional": true}}], "containers": [{"name": "a", "envFrom": [{"configMapRef": {"name": "cm", "optional": true}}]}]} | ConfigMap/cm?
          Deployment            | required once is required                     | {"volumes": [{"name": "v", "configMap": {"name": "cm", "optional": true}}], "containers": [{"name": "a", "envFrom": [{"configMapRef": {"name": "cm"}}]}]} | ConfigMap/cm
          Deployment            | same name, two kinds, sorted by kind          | {"volumes": [{"name": "v", "secret": {"secretName": "app"}}, {"name": "w", "configMap": {"name": "app"}}], "serviceAccountName": "app"} | ConfigMap/app Secret/app ServiceAccount/app
          Deployment            | each reference once                           | {"volumes": [{"name": "v", "configMap": {"name": "cm"}}], "containers": [{"name": "a", "envFrom": [{"configMapRef": {"name": "cm"}}]}, {"name": "b", "env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "cm", "key": "k"}}}]}]} | ConfigMap/cm
          Deployment            | empty names are no references                 | {"volumes": [{"name": "v", "configMap": {"name": ""}}, {"name": "w", "emptyDir": {}}], "serviceAccountName": ""}                     |
          """)
  // spotless:on
  void findsWhatThePodTemplateRefersTo(String kind, String what, String pod, String expected) {
    assertThat(shown(PodReferences.of(workload(kind, pod))))
        .isEqualTo(expected == null ? "" : expected);
  }

  // spotless:off
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          a StatefulSet's volumeClaimTemplates are its own     | {"kind": "StatefulSet", "spec": {"volumeClaimTemplates": [{"metadata": {"name": "data"}}], "template": {"spec": {"containers": [{"name": "db", "volumeMounts": [{"name": "data", "mountPath": "/d"}]}]}}}}
          a Service has no pods                                | {"kind": "Service", "spec": {"selector": {"app": "x"}}}
          a ConfigMap has no pods                              | {"kind": "ConfigMap", "data": {"serviceAccountName": "x"}}
          a custom resource is not read                        | {"kind": "Rollout", "spec": {"template": {"spec": {"serviceAccountName": "x"}}}}
          """)
  // spotless:on
  void findsNoReferencesOutsidePodTemplates(String what, String template) {
    assertThat(PodReferences.of(JSON.readTree(template))).isEmpty();
  }
}
