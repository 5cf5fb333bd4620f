package io.ubernetes.federation.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.workload.ManifestValidator.ManifestKey;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ManifestValidatorTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String PATH = "spec.template";
  private static final String NAMESPACE = "team-a";

  private final ManifestValidator validator = new ManifestValidator();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  private List<FieldError> errors(String manifest) {
    return errors(manifest, false);
  }

  private List<FieldError> errors(String manifest, boolean nameRequired) {
    FieldErrors errors = new FieldErrors();
    validator.validate(json(manifest), PATH, NAMESPACE, nameRequired, errors);
    return errors.list();
  }

  /** A Deployment whose first container is {@code container}. */
  private static String deploymentWith(String container) {
    return """
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
         "spec": {"selector": {"matchLabels": {"app": "web"}},
                  "template": {"metadata": {"labels": {"app": "web"}},
                               "spec": {"containers": [%s]}}}}
        """
        .formatted(container);
  }

  /** A Pod with these containers and init containers. */
  private static String pod(String containers, String initContainers) {
    return """
        {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
         "spec": {"initContainers": [%s], "containers": [%s]}}
        """
        .formatted(initContainers, containers);
  }

  private static String resources(String requests, String limits) {
    return pod(
        """
        {"name": "app", "image": "nginx", "resources": {"requests": %s, "limits": %s}}"""
            .formatted(requests, limits),
        "");
  }

  @Nested
  class ValidManifests {

    static Stream<Arguments> manifests() {
      // spotless:off
      return Stream.of(
          argumentSet("Deployment", "apps/v1", "Deployment", """
              {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"name": "web", "namespace": "team-a", "labels": {"app": "web"},
                            "annotations": {"example.com/owner": "team-a"}},
               "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}},
                        "template": {"metadata": {"labels": {"app": "web"}},
                                     "spec": {"containers": [{"name": "web", "image": "nginx:1.27",
                                                              "ports": [{"containerPort": 80}],
                                                              "env": [{"name": "MODE", "value": "prod"}],
                                                              "resources": {"requests": {"cpu": "250m", "memory": "256Mi"},
                                                                            "limits": {"cpu": 1, "memory": "1Gi"}}}]}}}}
              """),
          argumentSet("StatefulSet", "apps/v1", "StatefulSet", """
              {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "db"},
               "spec": {"serviceName": "db", "replicas": 1, "selector": {"matchLabels": {"app": "db"}},
                        "template": {"metadata": {"labels": {"app": "db"}},
                                     "spec": {"containers": [{"name": "db", "image": "postgres:17",
                                                              "volumeMounts": [{"name": "data", "mountPath": "/var/lib/postgresql"}]}]}},
                        "volumeClaimTemplates": [{"metadata": {"name": "data"},
                                                  "spec": {"accessModes": ["ReadWriteOnce"],
                                                           "resources": {"requests": {"storage": "10Gi"}}}}]}}
              """),
          argumentSet("Job", "batch/v1", "Job", """
              {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "migrate"},
               "spec": {"backoffLimit": 2,
                        "template": {"spec": {"restartPolicy": "Never",
                                              "containers": [{"name": "migrate", "image": "flyway", "args": ["migrate"]}]}}}}
              """),
          argumentSet("CronJob", "batch/v1", "CronJob", """
              {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report"},
               "spec": {"schedule": "0 3 * * *",
                        "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "OnFailure",
                                                                       "containers": [{"name": "report", "image": "busybox"}]}}}}}}
              """),
          argumentSet("Pod", "v1", "Pod", """
              {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "debug"},
               "spec": {"initContainers": [{"name": "init", "image": "busybox"}],
                        "containers": [{"name": "shell", "image": "busybox", "command": ["sleep", "3600"]}]}}
              """),
          argumentSet("DaemonSet", "apps/v1", "DaemonSet", """
              {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": {"name": "agent"},
               "spec": {"selector": {"matchLabels": {"app": "agent"}},
                        "template": {"metadata": {"labels": {"app": "agent"}},
                                     "spec": {"containers": [{"name": "agent", "image": "agent:1"}]}}}}
              """),
          argumentSet("ConfigMap (no pod template)", "v1", "ConfigMap", """
              {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"},
               "data": {"mode": "prod"}}
              """),
          argumentSet("Service", "v1", "Service", """
              {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
               "spec": {"selector": {"app": "web"}, "ports": [{"port": 80, "targetPort": "http"}]}}
              """));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("manifests")
    void passWithoutErrors(String apiVersion, String kind, String manifest) {
      FieldErrors errors = new FieldErrors();

      ManifestKey key = validator.validate(json(manifest), PATH, NAMESPACE, true, errors);

      assertThat(errors.list()).isEmpty();
      assertThat(key.apiVersion()).isEqualTo(apiVersion);
      assertThat(key.kind()).isEqualTo(kind);
      assertThat(key.name()).isNotEmpty();
    }

    @Test
    void returnsTheKeyOfTheManifest() {
      FieldErrors errors = new FieldErrors();

      ManifestKey key =
          validator.validate(
              json(deploymentWith("{\"name\": \"web\", \"image\": \"nginx\"}")),
              PATH,
              NAMESPACE,
              false,
              errors);

      assertThat(key).isEqualTo(new ManifestKey("apps/v1", "Deployment", "web"));
      assertThat(key.group()).isEqualTo("apps");
      assertThat(new ManifestKey("v1", "Pod", "p").group()).isEmpty();
    }
  }

  @Nested
  class StrictFields {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # manifest                                                                                                   | field
            {"apiVersion": "apps/v1", "kind": "Deployment", "specc": {}}                                                   | spec.template.specc
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web", "labelz": {}}}                     | spec.template.metadata.labelz
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replica": 2}}                                        | spec.template.spec.replica
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "b", "imagee": "c"}]}}}} | spec.template.spec.template.spec.containers[0].imagee
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "b"}, {"name": "c", "image": "d", "ports": [{"containerPort": 80, "protocl": "TCP"}]}]}}}} | spec.template.spec.template.spec.containers[1].ports[0].protocl
            {"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"schedule": "* * * * *", "jobTemplate": {"spec": {"template": {"spec": {"containers": [{"name": "a", "image": "b", "resources": {"limitz": {}}}]}}}}}} | spec.template.spec.jobTemplate.spec.template.spec.containers[0].resources.limitz
            {"apiVersion": "v1", "kind": "Pod", "spec": {"initContainers": [{"name": "a", "image": "b", "comand": []}], "containers": []}} | spec.template.spec.initContainers[0].comand
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "b"}, "dta": {}}                                       | spec.template.dta
            """)
    // spotless:on
    void reportsUnknownFieldsWithTheirFullPath(String manifest, String field) {
      String name = field.substring(field.lastIndexOf('.') + 1);

      assertThat(errors(manifest))
          .singleElement()
          .isEqualTo(new FieldError(field, "unknown field \"" + name + "\""));
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # manifest                                                                                                   | field
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "three"}}                                 | spec.template.spec.replicas
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "3"}}                                     | spec.template.spec.replicas
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": 1.5}}                                     | spec.template.spec.replicas
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"paused": "yes"}}                                     | spec.template.spec.paused
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": {"name": "a"}}}}}  | spec.template.spec.template.spec.containers
            {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"template": {"spec": {"containers": [{"name": "a", "image": "b", "ports": [{"containerPort": "80"}]}]}}}} | spec.template.spec.template.spec.containers[0].ports[0].containerPort
            {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"labels": ["app"]}}                               | spec.template.metadata.labels
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": {"nested": true}}}                                     | spec.template.data.a
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {"port": 8080}}                                              | spec.template.data.port
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {"debug": true}}                                             | spec.template.data.debug
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "labels": {"version": 2.1}}}               | spec.template.metadata.labels.version
            {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "image": 5}]}}                        | spec.template.spec.containers[0].image
            {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": [{"name": "a", "image": "b", "env": [{"name": "PORT", "value": 8080}]}]}} | spec.template.spec.containers[0].env[0].value
            """)
    // spotless:on
    void reportsValuesOfTheWrongTypeWithTheirPath(String manifest, String field) {
      assertThat(errors(manifest))
          .singleElement()
          .satisfies(
              error -> {
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).isNotBlank();
              });
    }

    @Test
    void reportsAStringForAnIntegerAsATypeError() {
      String manifest =
          """
          {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "3"}}""";

      assertThat(errors(manifest))
          .containsExactly(
              new FieldError("spec.template.spec.replicas", "expected a value of type Integer"));
    }
  }

  @Nested
  class Kinds {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            v1,                                    Namespace
            v1,                                    Node
            v1,                                    PersistentVolume
            rbac.authorization.k8s.io/v1,          ClusterRole
            rbac.authorization.k8s.io/v1,          ClusterRoleBinding
            storage.k8s.io/v1,                     StorageClass
            apiextensions.k8s.io/v1,               CustomResourceDefinition
            """)
    // spotless:on
    void refusesClusterScopedKinds(String apiVersion, String kind) {
      String manifest =
          "{\"apiVersion\": \"%s\", \"kind\": \"%s\", \"metadata\": {\"name\": \"x\"}}"
              .formatted(apiVersion, kind);
      FieldErrors errors = new FieldErrors();

      ManifestKey key = validator.validate(json(manifest), PATH, NAMESPACE, true, errors);

      assertThat(key).isNull();
      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "spec.template.kind",
                  kind
                      + " is cluster-scoped: a FederatedWorkload holds namespaced kinds only;"
                      + " federate it with a ClusterFederatedWorkload"));
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            apps/v1,                        Deploymnt
            apps/v1,                        deployment
            apps/v2,                        Deployment
            v1,                             Podd
            batch/v1,                       CronJobs
            networking.k8s.io/v1,           Ingres
            rbac.authorization.k8s.io/v1,   Rolee
            """)
    // spotless:on
    void refusesUnknownKindsInBuiltInGroups(String apiVersion, String kind) {
      String manifest =
          "{\"apiVersion\": \"%s\", \"kind\": \"%s\", \"metadata\": {\"name\": \"x\"}}"
              .formatted(apiVersion, kind);
      FieldErrors errors = new FieldErrors();

      assertThat(validator.validate(json(manifest), PATH, NAMESPACE, true, errors)).isNull();
      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "spec.template.kind",
                  "Kubernetes " + apiVersion + " has no kind \"" + kind + "\""));
    }

    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            example.com/v1,              Widget
            example.com/v1alpha1,        Deployment
            databases.example.io/v2,     Postgres
            monitoring.coreos.com/v1,    ServiceMonitor
            """)
    void acceptsCustomResourcesCheckingOnlyTheirMetadata(String apiVersion, String kind) {
      String manifest =
          """
          {"apiVersion": "%s", "kind": "%s",
           "metadata": {"name": "orders", "labels": {"app": "shop"}},
           "spec": {"anything": [1, {"goes": true}], "replicas": "three"},
           "extra": "top-level fields too"}
          """
              .formatted(apiVersion, kind);
      FieldErrors errors = new FieldErrors();

      ManifestKey key = validator.validate(json(manifest), PATH, NAMESPACE, true, errors);

      assertThat(errors.list()).isEmpty();
      assertThat(key).isEqualTo(new ManifestKey(apiVersion, kind, "orders"));
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            # metadata                                         | field
            {"name": "Orders"}                                 | spec.template.metadata.name
            {"name": "orders", "namespace": "team-b"}          | spec.template.metadata.namespace
            {"name": "orders", "labels": {"app": "-shop"}}     | spec.template.metadata.labels[app]
            {"name": "orders", "annotations": {"a b": "x"}}    | spec.template.metadata.annotations
            {"name": "orders", "labelz": {}}                   | spec.template.metadata.labelz
            {"name": 5}                                        | spec.template.metadata.name
            "orders"                                           | spec.template.metadata
            """)
    // spotless:on
    void checksTheMetadataOfCustomResources(String metadata, String field) {
      String manifest =
          "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\", \"metadata\": %s}"
              .formatted(metadata);

      assertThat(errors(manifest)).extracting(FieldError::field).containsExactly(field);
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            # manifest                                          | field
            "Deployment"                                        | spec.template
            []                                                  | spec.template
            {"kind": "Deployment"}                              | spec.template.apiVersion
            {"apiVersion": "apps/v1"}                           | spec.template.kind
            {"apiVersion": "", "kind": "Deployment"}            | spec.template.apiVersion
            {"apiVersion": 1, "kind": "Deployment"}             | spec.template.apiVersion
            {"apiVersion": "apps/v1", "kind": ["Deployment"]}   | spec.template.kind
            """)
    // spotless:on
    void requiresAnObjectWithApiVersionAndKind(String manifest, String field) {
      FieldErrors errors = new FieldErrors();

      assertThat(validator.validate(json(manifest), PATH, NAMESPACE, true, errors)).isNull();
      assertThat(errors.list()).extracting(FieldError::field).containsExactly(field);
    }

    @Test
    void refusesAMissingManifest() {
      FieldErrors errors = new FieldErrors();

      assertThat(validator.validate(null, PATH, NAMESPACE, true, errors)).isNull();
      assertThat(errors.list()).extracting(FieldError::field).containsExactly(PATH);
    }
  }

  @Nested
  class Metadata {

    @ParameterizedTest
    @ValueSource(strings = {"", "\"namespace\": \"\",", "\"namespace\": \"team-a\","})
    void acceptsNoNamespaceOrTheWorkloadsOwn(String namespaceField) {
      String manifest =
          "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {%s \"name\": \"c\"}}"
              .formatted(namespaceField);

      assertThat(errors(manifest)).isEmpty();
    }

    @Test
    void refusesAnotherNamespace() {
      String manifest =
          """
          {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "c", "namespace": "kube-system"}}""";

      assertThat(errors(manifest))
          .containsExactly(
              new FieldError(
                  "spec.template.metadata.namespace",
                  "must be empty or the workload's namespace \"team-a\", got \"kube-system\""));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\"}",
          "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {}}",
          "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"\"}}",
          "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\"}",
          "{\"apiVersion\": \"example.com/v1\", \"kind\": \"Widget\", \"metadata\": null}"
        })
    void requiresANameOnlyWhenAsked(String manifest) {
      assertThat(errors(manifest, true))
          .containsExactly(new FieldError("spec.template.metadata.name", "required"));
      assertThat(errors(manifest, false)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            my.config-1,   0
            a,             0
            My_Config,     1
            -config,       1
            """)
    void validatesTheNameAsADnsSubdomain(String name, int errorCount) {
      String manifest =
          """
          {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "%s"}}"""
              .formatted(name);

      assertThat(errors(manifest))
          .hasSize(errorCount)
          .allSatisfy(error -> assertThat(error.field()).isEqualTo("spec.template.metadata.name"));
    }

    @Test
    void validatesLabelsAndAnnotationsOfBuiltInKinds() {
      String manifest =
          """
          {"apiVersion": "v1", "kind": "ConfigMap",
           "metadata": {"name": "c", "labels": {"app": "a b"}, "annotations": {"-x": "y"}}}
          """;

      assertThat(errors(manifest))
          .extracting(FieldError::field)
          .containsExactly(
              "spec.template.metadata.labels[app]", "spec.template.metadata.annotations");
    }

    @Test
    void stillChecksMetadataWhenTheSpecHasAnError() {
      String manifest =
          """
          {"apiVersion": "apps/v1", "kind": "Deployment",
           "spec": {"replicas": "three"},
           "metadata": {"name": "Web", "namespace": "other"}}
          """;

      assertThat(errors(manifest))
          .extracting(FieldError::field)
          .containsExactlyInAnyOrder(
              "spec.template.spec.replicas",
              "spec.template.metadata.name",
              "spec.template.metadata.namespace");
    }
  }

  @Nested
  class Containers {

    @Test
    void requiresAtLeastOneContainer() {
      assertThat(errors(deploymentWith("")))
          .containsExactly(
              new FieldError(
                  "spec.template.spec.template.spec.containers",
                  "at least one container is required"));
      assertThat(
              errors(
                  """
                  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "w"}}"""))
          .containsExactly(
              new FieldError(
                  "spec.template.spec.template.spec.containers",
                  "at least one container is required"));
      assertThat(
              errors(
                  """
                  {"apiVersion": "batch/v1", "kind": "CronJob", "spec": {"jobTemplate": {}}}"""))
          .extracting(FieldError::field)
          .containsExactly("spec.template.spec.jobTemplate.spec.template.spec.containers");
      assertThat(
              errors(
                  """
                  {"apiVersion": "v1", "kind": "Pod",
                   "spec": {"initContainers": [{"name": "i", "image": "x"}]}}"""))
          .extracting(FieldError::field)
          .containsExactly("spec.template.spec.containers");
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        nullValues = "null",
        textBlock =
            """
            # container                                   | field                                                  | message
            {"name": "web", "image": "nginx"}             | null                                                   | null
            {"name": "a1-b2", "image": "nginx"}           | null                                                   | null
            {"image": "nginx"}                            | spec.template.spec.template.spec.containers[0].name    | required
            {"name": "", "image": "nginx"}                | spec.template.spec.template.spec.containers[0].name    | required
            {"name": "Web", "image": "nginx"}             | spec.template.spec.template.spec.containers[0].name    | must be a DNS-1123 label
            {"name": "web.1", "image": "nginx"}           | spec.template.spec.template.spec.containers[0].name    | must be a DNS-1123 label
            {"name": "web_1", "image": "nginx"}           | spec.template.spec.template.spec.containers[0].name    | must be a DNS-1123 label
            {"name": "web"}                               | spec.template.spec.template.spec.containers[0].image   | required
            {"name": "web", "image": ""}                  | spec.template.spec.template.spec.containers[0].image   | required
            {"name": "web", "image": "  "}                | spec.template.spec.template.spec.containers[0].image   | required
            """)
    // spotless:on
    void requiresADnsLabelNameAndAnImage(String container, String field, String message) {
      List<FieldError> errors = errors(deploymentWith(container));

      if (field == null) {
        assertThat(errors).isEmpty();
      } else {
        assertThat(errors)
            .singleElement()
            .satisfies(
                error -> {
                  assertThat(error.field()).isEqualTo(field);
                  assertThat(error.message()).contains(message);
                });
      }
    }

    @Test
    void refusesAContainerNameOf64Characters() {
      String name = "c".repeat(64);

      assertThat(errors(deploymentWith("{\"name\": \"" + name + "\", \"image\": \"x\"}")))
          .extracting(FieldError::field)
          .containsExactly("spec.template.spec.template.spec.containers[0].name");
      assertThat(
              errors(deploymentWith("{\"name\": \"" + name.substring(1) + "\", \"image\": \"x\"}")))
          .isEmpty();
    }

    @Test
    void refusesDuplicateNamesAmongContainers() {
      assertThat(
              errors(
                  pod(
                      "{\"name\": \"a\", \"image\": \"x\"}, {\"name\": \"a\", \"image\": \"y\"}",
                      "")))
          .containsExactly(
              new FieldError(
                  "spec.template.spec.containers[1].name", "duplicate container name \"a\""));
    }

    @Test
    void refusesNamesSharedByAnInitContainerAndAContainer() {
      assertThat(
              errors(
                  pod(
                      "{\"name\": \"setup\", \"image\": \"x\"}",
                      "{\"name\": \"setup\", \"image\": \"y\"}")))
          .containsExactly(
              new FieldError(
                  "spec.template.spec.containers[0].name", "duplicate container name \"setup\""));
    }

    @Test
    void checksInitContainersLikeContainers() {
      assertThat(errors(pod("{\"name\": \"app\", \"image\": \"x\"}", "{\"name\": \"Init\"}")))
          .extracting(FieldError::field)
          .containsExactly(
              "spec.template.spec.initContainers[0].name",
              "spec.template.spec.initContainers[0].image");
    }

    @Test
    void checksContainersOfEveryPodTemplateKind() {
      String broken = "{\"name\": \"ok\"}";
      // spotless:off
      assertThat(errors("{\"apiVersion\": \"apps/v1\", \"kind\": \"StatefulSet\", \"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.template.spec.containers[0].image");
      assertThat(errors("{\"apiVersion\": \"apps/v1\", \"kind\": \"DaemonSet\", \"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.template.spec.containers[0].image");
      assertThat(errors("{\"apiVersion\": \"apps/v1\", \"kind\": \"ReplicaSet\", \"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.template.spec.containers[0].image");
      assertThat(errors("{\"apiVersion\": \"v1\", \"kind\": \"ReplicationController\", \"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.template.spec.containers[0].image");
      assertThat(errors("{\"apiVersion\": \"batch/v1\", \"kind\": \"Job\", \"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.template.spec.containers[0].image");
      assertThat(errors("{\"apiVersion\": \"batch/v1\", \"kind\": \"CronJob\", \"spec\": {\"jobTemplate\": {\"spec\": {\"template\": {\"spec\": {\"containers\": [" + broken + "]}}}}}}"))
          .extracting(FieldError::field).containsExactly("spec.template.spec.jobTemplate.spec.template.spec.containers[0].image");
      // spotless:on
    }
  }

  @Nested
  class Quantities {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "100m", "1.5Gi", "2", "1e3", "1E3", "500Mi", "0", "0.5", ".5", "5.", "+1", "1Ki", "1k",
          "1M", "1G", "1T", "1P", "1E", "1Ei", "250n", "250u", "1e-3", "1E+2", "64Pi"
        })
    void acceptsQuantitiesOfTheKubernetesGrammar(String quantity) {
      String request = "{\"cpu\": \"%s\"}".formatted(quantity);

      assertThat(errors(resources(request, "{}"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "lots", "-1", "-0.5", "1.5.5", "Gi", "1gi", "1K", "1ki", "1 Gi", "1Gi ", "1e", "1x",
          "0x10", "1,5", "1/2", "m", "."
        })
    void refusesQuantitiesOutsideTheGrammar(String quantity) {
      String request = "{\"cpu\": \"%s\"}".formatted(quantity);

      assertThat(errors(resources(request, "{}")))
          .containsExactly(
              new FieldError(
                  "spec.template.spec.containers[0].resources.requests[cpu]",
                  "\"" + quantity + "\" is not a non-negative quantity (e.g. 500m, 2, 1.5Gi)"));
    }

    @Test
    void acceptsQuantitiesWrittenAsJsonNumbers() {
      assertThat(errors(resources("{\"cpu\": 2, \"memory\": 1073741824}", "{\"cpu\": 2.5}")))
          .isEmpty();
    }

    @Test
    void reportsAnEmptyQuantityAtItsResource() {
      assertThat(errors(resources("{\"cpu\": \"\"}", "{}")))
          .extracting(FieldError::field)
          .singleElement()
          .asString()
          .startsWith("spec.template.spec.containers[0].resources.requests");
    }

    @Test
    void checksLimitsToo() {
      assertThat(errors(resources("{}", "{\"memory\": \"plenty\"}")))
          .extracting(FieldError::field)
          .containsExactly("spec.template.spec.containers[0].resources.limits[memory]");
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            # requests                          | limits                             | over the limit
            {"cpu": "500m"}                     | {"cpu": "1"}                       |
            {"cpu": "1"}                        | {"cpu": "1000m"}                   |
            {"memory": "1Gi"}                   | {"memory": "1024Mi"}               |
            {"memory": "1G"}                    | {"memory": "1Gi"}                  |
            {"cpu": "2"}                        | {"memory": "1Gi"}                  |
            {"cpu": "1e3"}                      | {"cpu": "1k"}                      |
            {"cpu": "1001m"}                    | {"cpu": "1"}                       | cpu
            {"memory": "1Gi"}                   | {"memory": "1G"}                   | memory
            {"memory": "1025Mi"}                | {"memory": "1Gi"}                  | memory
            {"cpu": "2", "memory": "2Gi"}       | {"cpu": "1", "memory": "1Gi"}      | cpu memory
            """)
    // spotless:on
    void refusesRequestsAboveTheirLimit(String requests, String limits, String over) {
      List<String> expected =
          over == null
              ? List.of()
              : Stream.of(over.split(" "))
                  .map(r -> "spec.template.spec.containers[0].resources.requests[" + r + "]")
                  .toList();

      List<FieldError> errors = errors(resources(requests, limits));

      assertThat(errors)
          .extracting(FieldError::field)
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(errors)
          .allSatisfy(
              error ->
                  assertThat(error.message()).isEqualTo("must be less than or equal to the limit"));
    }
  }

  /** Manifests of a ClusterFederatedWorkload: no namespace of its own to default to. */
  @Nested
  class ClusterScopedWorkloads {
    private List<FieldError> clusterErrors(String manifest) {
      FieldErrors errors = new FieldErrors();
      validator.validate(json(manifest), PATH, null, true, errors);
      return errors.list();
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            v1,                                    Namespace
            rbac.authorization.k8s.io/v1,          ClusterRole
            rbac.authorization.k8s.io/v1,          ClusterRoleBinding
            scheduling.k8s.io/v1,                  PriorityClass
            storage.k8s.io/v1,                     StorageClass
            networking.k8s.io/v1,                  IngressClass
            admissionregistration.k8s.io/v1,       ValidatingWebhookConfiguration
            apiextensions.k8s.io/v1,               CustomResourceDefinition
            """)
    // spotless:on
    void acceptClusterScopedKinds(String apiVersion, String kind) {
      String manifest =
          "{\"apiVersion\": \"%s\", \"kind\": \"%s\", \"metadata\": {\"name\": \"x\"}}"
              .formatted(apiVersion, kind);

      assertThat(clusterErrors(manifest)).isEmpty();
    }

    @Test
    void acceptNamespacedObjectsThatNameTheirNamespace() {
      assertThat(
              clusterErrors(
                  """
                  {"apiVersion": "v1", "kind": "ConfigMap",
                   "metadata": {"name": "settings", "namespace": "team-b"}}
                  """))
          .isEmpty();
    }

    @Test
    void refuseANamespacedObjectWithoutItsNamespace() {
      assertThat(
              clusterErrors(
                  """
                  {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "settings"}}
                  """))
          .containsExactly(
              new FieldError(
                  "spec.template.metadata.namespace",
                  "required: ConfigMap is namespaced, and a ClusterFederatedWorkload has no"
                      + " namespace to put it in"));
    }

    @Test
    void refuseANamespaceOnAClusterScopedObject() {
      assertThat(
              clusterErrors(
                  """
                  {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
                   "metadata": {"name": "reader", "namespace": "team-b"}}
                  """))
          .containsExactly(
              new FieldError(
                  "spec.template.metadata.namespace",
                  "must be empty: ClusterRole is cluster-scoped"));
    }

    @Test
    void acceptCustomResourcesWithOrWithoutANamespace() {
      assertThat(
              clusterErrors(
                  """
                  {"apiVersion": "example.com/v1", "kind": "Widget",
                   "metadata": {"name": "w1", "namespace": "team-b"}}
                  """))
          .isEmpty();
      assertThat(
              clusterErrors(
                  """
                  {"apiVersion": "example.com/v1", "kind": "ClusterWidget",
                   "metadata": {"name": "w1"}}
                  """))
          .isEmpty();
    }
  }
}
