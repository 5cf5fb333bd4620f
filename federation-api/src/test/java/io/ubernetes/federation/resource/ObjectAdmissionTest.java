package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterSpec;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.policy.Placement;
import io.ubernetes.federation.policy.PlacementPolicy;
import io.ubernetes.federation.policy.PlacementPolicyStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObjectAdmissionTest {
  private static final MemberClusterStrategy CLUSTERS = new MemberClusterStrategy();
  private static final PlacementPolicyStrategy POLICIES = new PlacementPolicyStrategy();

  /** The member cluster rules, but namespaced, to exercise the namespace checks. */
  private static final MemberClusterStrategy NAMESPACED =
      new MemberClusterStrategy() {
        @Override
        public boolean namespaced() {
          return true;
        }
      };

  private static ObjectMeta meta(String name, String namespace, Map<String, String> labels) {
    return new ObjectMeta(name, namespace, labels, null, null, null, null, null);
  }

  private static MemberCluster cluster(ObjectMeta metadata) {
    return new MemberCluster(ApiObject.API_VERSION, MemberCluster.KIND, metadata, null, null);
  }

  private static MemberClusterSpec spec(String region, String zone, String provider, String tier) {
    return new MemberClusterSpec(region, zone, provider, tier, null, null, null);
  }

  @Nested
  class Admit {

    @Test
    void acceptsAValidObjectAndResolvesItsMetadata() {
      ObjectMeta metadata =
          new ObjectMeta(
              "eu-1", null, Map.of("team", "infra"), Map.of("note", "x"), "uid-1", "7", 3L, "t");
      FieldErrors errors = new FieldErrors();

      ObjectMeta admitted = ObjectAdmission.admit(CLUSTERS, "", null, cluster(metadata), errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted).isEqualTo(metadata);
    }

    @Test
    void acceptsMissingApiVersionAndKind() {
      FieldErrors errors = new FieldErrors();

      ObjectAdmission.admit(
          CLUSTERS,
          "",
          null,
          new MemberCluster(null, null, ObjectMeta.named("eu-1"), null, null),
          errors);

      assertThat(errors.list()).isEmpty();
    }

    @Test
    void refusesAnotherApiVersionOrKind() {
      FieldErrors errors = new FieldErrors();

      ObjectAdmission.admit(
          CLUSTERS,
          "",
          null,
          new MemberCluster("v1", "Node", ObjectMeta.named("eu-1"), null, null),
          errors);

      assertThat(errors.list())
          .containsExactly(
              new FieldError("apiVersion", "must be ubernetes.io/v1, got \"v1\""),
              new FieldError("kind", "must be MemberCluster, got \"Node\""));
    }

    @ParameterizedTest
    @CsvSource(
        nullValues = "null",
        textBlock =
            """
            # name,          cluster error,    policy error
            eu-1,            false,            false
            eu.west.1,       true,             false
            EU-1,            true,             true
            -eu,             true,             true
            """)
    void validatesTheNameByTheKindsRuleWhenCreating(
        String name, boolean clusterError, boolean policyError) {
      FieldErrors clusterErrors = new FieldErrors();
      FieldErrors policyErrors = new FieldErrors();

      ObjectAdmission.admit(CLUSTERS, "", null, cluster(ObjectMeta.named(name)), clusterErrors);
      ObjectAdmission.admit(
          POLICIES,
          "",
          null,
          new PlacementPolicy(null, null, ObjectMeta.named(name), null, null),
          policyErrors);

      assertThat(clusterErrors.list())
          .extracting(FieldError::field)
          .containsExactlyElementsOf(clusterError ? List.of("metadata.name") : List.of());
      assertThat(policyErrors.list())
          .extracting(FieldError::field)
          .containsExactlyElementsOf(policyError ? List.of("metadata.name") : List.of());
    }

    @Test
    void requiresANameWhenCreating() {
      FieldErrors errors = new FieldErrors();

      ObjectAdmission.admit(CLUSTERS, "", null, cluster(meta(null, null, null)), errors);

      assertThat(errors.list()).containsExactly(new FieldError("metadata.name", "required"));
    }

    @Test
    void takesTheNameFromTheUrlWhenTheBodyHasNone() {
      FieldErrors errors = new FieldErrors();

      ObjectMeta admitted =
          ObjectAdmission.admit(CLUSTERS, "", "eu-1", cluster(meta(null, null, null)), errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.name()).isEqualTo("eu-1");
      assertThat(admitted.namespace()).isNull();
    }

    @Test
    void refusesANameThatContradictsTheUrl() {
      assertThatExceptionOfType(ApiException.class)
          .isThrownBy(
              () ->
                  ObjectAdmission.admit(
                      CLUSTERS, "", "eu-1", cluster(ObjectMeta.named("eu-2")), new FieldErrors()))
          .satisfies(
              e -> {
                assertThat(e.reason()).isEqualTo(ApiException.Reason.BAD_REQUEST);
                assertThat(e.errors())
                    .containsExactly(
                        new FieldError(
                            "metadata.name",
                            "\"eu-2\" does not match the name in the URL, \"eu-1\""));
              });
    }

    @Test
    void requiresMetadataButStillResolvesNameAndNamespaceFromTheUrl() {
      FieldErrors errors = new FieldErrors();

      ObjectMeta admitted =
          ObjectAdmission.admit(NAMESPACED, "team-a", "eu-1", cluster(null), errors);

      assertThat(errors.list()).containsExactly(new FieldError("metadata", "required"));
      assertThat(admitted.name()).isEqualTo("eu-1");
      assertThat(admitted.namespace()).isEqualTo("team-a");
    }

    @Test
    void refusesANamespaceOnAClusterScopedKind() {
      assertThatExceptionOfType(ApiException.class)
          .isThrownBy(
              () ->
                  ObjectAdmission.admit(
                      CLUSTERS, "", null, cluster(meta("eu-1", "team-a", null)), new FieldErrors()))
          .satisfies(
              e ->
                  assertThat(e.errors())
                      .containsExactly(
                          new FieldError(
                              "metadata.namespace",
                              "must be empty: MemberCluster is cluster-scoped")));
    }

    @Test
    void acceptsAnEmptyNamespaceOnAClusterScopedKind() {
      FieldErrors errors = new FieldErrors();

      ObjectMeta admitted =
          ObjectAdmission.admit(CLUSTERS, "", null, cluster(meta("eu-1", "", null)), errors);

      assertThat(errors.list()).isEmpty();
      assertThat(admitted.namespace()).isNull();
    }

    @Test
    void refusesANamespaceThatContradictsTheUrl() {
      assertThatExceptionOfType(ApiException.class)
          .isThrownBy(
              () ->
                  ObjectAdmission.admit(
                      NAMESPACED,
                      "team-a",
                      null,
                      cluster(meta("eu-1", "team-b", null)),
                      new FieldErrors()))
          .satisfies(
              e ->
                  assertThat(e.errors())
                      .containsExactly(
                          new FieldError(
                              "metadata.namespace",
                              "\"team-b\" does not match the namespace in the URL, \"team-a\"")));
    }

    @ParameterizedTest
    @CsvSource(
        quoteCharacter = '`',
        textBlock =
            """
            # URL namespace, error
            team-a,          ``
            ``,              required
            Team_A,          must be a DNS-1123 label
            """)
    void validatesTheUrlNamespaceOfANamespacedKind(String namespace, String error) {
      FieldErrors errors = new FieldErrors();

      ObjectMeta admitted =
          ObjectAdmission.admit(
              NAMESPACED, namespace, null, cluster(meta("eu-1", namespace, null)), errors);

      if (error.isEmpty()) {
        assertThat(errors.list()).isEmpty();
        assertThat(admitted.namespace()).isEqualTo(namespace);
      } else {
        assertThat(errors.list())
            .singleElement()
            .satisfies(
                e -> {
                  assertThat(e.field()).isEqualTo("metadata.namespace");
                  assertThat(e.message()).contains(error);
                });
      }
    }

    @Test
    void validatesLabelsAndAnnotations() {
      ObjectMeta metadata =
          new ObjectMeta(
              "eu-1",
              null,
              Map.of("app", "-bad-"),
              Map.of("not a key", "v"),
              null,
              null,
              null,
              null);
      FieldErrors errors = new FieldErrors();

      ObjectAdmission.admit(CLUSTERS, "", null, cluster(metadata), errors);

      assertThat(errors.list())
          .extracting(FieldError::field)
          .containsExactly("metadata.labels[app]", "metadata.annotations");
    }
  }

  @Nested
  class ManagedLabels {

    @Test
    void overwritesManagedLabelsFromTheSpecAndKeepsTheClientsOthers() {
      ObjectMeta metadata =
          meta(
              "eu-1",
              null,
              Map.of(
                  MemberClusterStrategy.REGION_LABEL,
                  "forged",
                  MemberClusterStrategy.TIER_LABEL,
                  "forged",
                  "team",
                  "infra"));

      Map<String, String> labels =
          ObjectAdmission.labels(CLUSTERS, metadata, spec("eu-west", "eu-west-a", "aws", "cloud"));

      assertThat(labels)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  MemberClusterStrategy.REGION_LABEL,
                  "eu-west",
                  MemberClusterStrategy.ZONE_LABEL,
                  "eu-west-a",
                  MemberClusterStrategy.PROVIDER_LABEL,
                  "aws",
                  MemberClusterStrategy.TIER_LABEL,
                  "cloud",
                  "team",
                  "infra"));
    }

    @Test
    void removesManagedLabelsWhoseSpecFieldIsAbsentOrEmpty() {
      ObjectMeta metadata =
          meta(
              "eu-1",
              null,
              Map.of(
                  MemberClusterStrategy.REGION_LABEL,
                  "eu-west",
                  MemberClusterStrategy.ZONE_LABEL,
                  "eu-west-a",
                  MemberClusterStrategy.PROVIDER_LABEL,
                  "aws",
                  MemberClusterStrategy.TIER_LABEL,
                  "cloud",
                  "team",
                  "infra"));

      Map<String, String> labels =
          ObjectAdmission.labels(CLUSTERS, metadata, spec("eu-west", null, "", null));

      assertThat(labels)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(MemberClusterStrategy.REGION_LABEL, "eu-west", "team", "infra"));
    }

    @Test
    void leavesLabelsAloneForKindsWithoutManagedLabels() {
      ObjectMeta metadata =
          meta("p", null, Map.of(MemberClusterStrategy.REGION_LABEL, "anything", "a", "b"));

      assertThat(ObjectAdmission.labels(POLICIES, metadata, Placement.ofPolicy(null)))
          .isEqualTo(metadata.labels());
    }
  }
}
