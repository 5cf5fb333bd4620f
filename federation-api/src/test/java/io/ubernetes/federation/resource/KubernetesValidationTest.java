package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;

/**
 * Expected results follow k8s.io/apimachinery/pkg/util/validation (IsDNS1123Label,
 * IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue) and pkg/api/validation
 * (ValidateAnnotations, ValidateAnnotationsSize).
 */
class KubernetesValidationTest {

  /** A DNS-1123 subdomain of exactly {@code length} characters, made of labels of 63. */
  private static String subdomain(int length) {
    StringBuilder name = new StringBuilder();
    while (name.length() < length) {
      if (!name.isEmpty()) {
        name.append('.');
      }
      name.append("a".repeat(Math.min(63, length - name.length())));
    }
    return name.toString();
  }

  @Nested
  class DnsLabels {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("single letter", "a", true),
          argumentSet("single digit", "0", true),
          argumentSet("letters, digits and dashes", "my-name-123", true),
          argumentSet("starts with a digit", "1abc", true),
          argumentSet("consecutive dashes inside", "a--b", true),
          argumentSet("63 characters", "a".repeat(63), true),
          argumentSet("64 characters", "a".repeat(64), false),
          argumentSet("empty", "", false),
          argumentSet("upper case", "My-name", false),
          argumentSet("starts with a dash", "-abc", false),
          argumentSet("ends with a dash", "abc-", false),
          argumentSet("dot", "a.b", false),
          argumentSet("underscore", "a_b", false),
          argumentSet("space", "a b", false),
          argumentSet("non-ASCII letter", "ä", false),
          argumentSet("trailing newline", "abc\n", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheDns1123LabelRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isDnsLabel(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.dnsLabel(value, "metadata.name", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }

    @Test
    void reportsTheValueAndTheRule() {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.dnsLabel("Bad_Name", "metadata.name", errors);

      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "metadata.name", "\"Bad_Name\" " + KubernetesValidation.DNS_LABEL_RULE));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void reportsAMissingValueAsRequired(String value) {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.dnsLabel(value, "metadata.name", errors);

      assertThat(errors.list()).containsExactly(new FieldError("metadata.name", "required"));
      assertThat(KubernetesValidation.isDnsLabel(value)).isFalse();
    }
  }

  @Nested
  class DnsSubdomains {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("single label", "example", true),
          argumentSet("dotted labels", "example.com", true),
          argumentSet("digits and dashes", "a-1.b-2.c3", true),
          argumentSet("253 characters", subdomain(253), true),
          argumentSet("254 characters", subdomain(254), false),
          argumentSet("one label longer than 63 (only the total is limited)", "a".repeat(100), true),
          argumentSet("empty", "", false),
          argumentSet("upper case", "Example.com", false),
          argumentSet("starts with a dot", ".example.com", false),
          argumentSet("ends with a dot", "example.com.", false),
          argumentSet("consecutive dots", "example..com", false),
          argumentSet("label ends with a dash", "example-.com", false),
          argumentSet("label starts with a dash", "example.-com", false),
          argumentSet("underscore", "my_app.com", false),
          argumentSet("slash", "example.com/x", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheDns1123SubdomainRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isDnsSubdomain(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.dnsSubdomain(value, "metadata.name", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }

    @Test
    void reportsTheValueAndTheRule() {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.dnsSubdomain("Example.com", "spec.policyRef", errors);

      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "spec.policyRef", "\"Example.com\" " + KubernetesValidation.DNS_SUBDOMAIN_RULE));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void reportsAMissingValueAsRequired(String value) {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.dnsSubdomain(value, "spec.policyRef", errors);

      assertThat(errors.list()).containsExactly(new FieldError("spec.policyRef", "required"));
    }
  }

  @Nested
  class QualifiedNames {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("simple name", "app", true),
          argumentSet("upper case allowed in the name", "MyName", true),
          argumentSet("dots, dashes and underscores inside", "my.name_1-x", true),
          argumentSet("single character", "a", true),
          argumentSet("prefixed", "example.com/app", true),
          argumentSet("single-label prefix", "ubernetes/tier", true),
          argumentSet("kubernetes topology label", "topology.kubernetes.io/region", true),
          argumentSet("name of 63 characters", "n".repeat(63), true),
          argumentSet("name of 64 characters", "n".repeat(64), false),
          argumentSet("prefix of 253 characters and name of 63", subdomain(253) + "/" + "n".repeat(63), true),
          argumentSet("prefix of 254 characters", subdomain(254) + "/n", false),
          argumentSet("prefixed name of 64 characters", "example.com/" + "n".repeat(64), false),
          argumentSet("empty", "", false),
          argumentSet("empty prefix", "/app", false),
          argumentSet("empty name after the prefix", "example.com/", false),
          argumentSet("two slashes", "example.com/a/b", false),
          argumentSet("upper-case prefix", "Example.com/app", false),
          argumentSet("prefix with an underscore", "my_co.com/app", false),
          argumentSet("starts with a dash", "-app", false),
          argumentSet("ends with a dot", "app.", false),
          argumentSet("starts with an underscore", "_app", false),
          argumentSet("space inside", "my app", false),
          argumentSet("colon", "app:v1", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheQualifiedNameRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isQualifiedName(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.labelKey(value, "metadata.labels", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }

    @Test
    void nullIsNotAQualifiedName() {
      assertThat(KubernetesValidation.isQualifiedName(null)).isFalse();
    }
  }

  @Nested
  class LabelValues {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("empty", "", true),
          argumentSet("simple", "web", true),
          argumentSet("upper case, dots, dashes, underscores", "Eu_West-1.a", true),
          argumentSet("single character", "x", true),
          argumentSet("63 characters", "v".repeat(63), true),
          argumentSet("64 characters", "v".repeat(64), false),
          argumentSet("starts with a dash", "-web", false),
          argumentSet("ends with an underscore", "web_", false),
          argumentSet("slash", "a/b", false),
          argumentSet("space", "a b", false),
          argumentSet("only a dot", ".", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheLabelValueRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isLabelValue(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.labelValue(value, "spec.region", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }

    @Test
    void nullIsNotALabelValue() {
      assertThat(KubernetesValidation.isLabelValue(null)).isFalse();
    }
  }

  @Nested
  class Labels {
    @Test
    void reportsBadKeysAtTheMapAndBadValuesAtTheirKey() {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("good", "value");
      labels.put("-bad", "value");
      labels.put("app", "bad value");
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.labels(labels, "metadata.labels", errors);

      assertThat(errors.list())
          .extracting(FieldError::field)
          .containsExactly("metadata.labels", "metadata.labels[app]");
      assertThat(errors.list().getFirst().message())
          .startsWith("\"-bad\" must be a qualified name");
      assertThat(errors.list().getLast().message())
          .startsWith("\"bad value\" must be empty or at most 63");
    }

    @Test
    void acceptsValidLabels() {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.labels(
          Map.of("app", "web", "example.com/tier", "", "topology.kubernetes.io/zone", "eu-1a"),
          "metadata.labels",
          errors);

      assertThat(errors.list()).isEmpty();
    }
  }

  @Nested
  class Annotations {
    private static final int LIMIT = 256 * 1024;

    private static FieldErrors validate(Map<String, String> annotations) {
      FieldErrors errors = new FieldErrors();
      KubernetesValidation.annotations(annotations, "metadata.annotations", errors);
      return errors;
    }

    @Test
    void acceptsAnnotationsOfExactlyTheTotalLimit() {
      assertThat(validate(Map.of("key", "x".repeat(LIMIT - 3))).list()).isEmpty();
    }

    @Test
    void refusesAnnotationsOneByteOverTheTotalLimit() {
      assertThat(validate(Map.of("key", "x".repeat(LIMIT - 2))).list())
          .containsExactly(
              new FieldError(
                  "metadata.annotations",
                  "may not be more than 256 KiB in total, got " + (LIMIT + 1) + " bytes"));
    }

    @Test
    void sumsKeysAndValuesOfAllAnnotations() {
      Map<String, String> annotations =
          Map.of("a", "x".repeat(LIMIT / 2), "b", "y".repeat(LIMIT / 2 - 2));

      assertThat(validate(annotations).list()).isEmpty();
      assertThat(
              validate(Map.of("a", "x".repeat(LIMIT / 2), "b", "y".repeat(LIMIT / 2 - 1))).list())
          .singleElement()
          .extracting(FieldError::message)
          .asString()
          .contains("got " + (LIMIT + 1) + " bytes");
    }

    @Test
    void countsBytesInUtf8NotCharacters() {
      // "é" is two bytes in UTF-8: half the limit in characters is the whole limit in bytes.
      assertThat(validate(Map.of("k", "é".repeat(LIMIT / 2))).list())
          .singleElement()
          .extracting(FieldError::message)
          .asString()
          .contains("got " + (LIMIT + 1) + " bytes");
    }

    @Test
    void allowsLongAnnotationValues() {
      // Unlike label values, annotation values have no per-value rule.
      assertThat(
              validate(Map.of("description", "Free text: with / any * chars!".repeat(100))).list())
          .isEmpty();
    }

    @Test
    void refusesKeysThatAreNotQualifiedNames() {
      assertThat(validate(Map.of("not a key", "v", "example.com/a/b", "v")).list())
          .extracting(FieldError::field)
          .containsExactly("metadata.annotations", "metadata.annotations");
    }

    @Test
    void ignoresCaseInAnnotationKeys() {
      // ValidateAnnotations lower-cases keys before the qualified-name check, so that prefixes
      // such as "Example.com/" are allowed for annotations though not for labels.
      assertThat(validate(Map.of("Example.COM/Owner", "team-a")).list()).isEmpty();
      assertThat(KubernetesValidation.isQualifiedName("Example.COM/Owner")).isFalse();
    }
  }

  @Nested
  class Dns1035Labels {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("single letter", "a", true),
          argumentSet("letters, digits and dashes", "my-name-123", true),
          argumentSet("63 characters", "a".repeat(63), true),
          argumentSet("starts with a digit", "1abc", false),
          argumentSet("single digit", "0", false),
          argumentSet("64 characters", "a".repeat(64), false),
          argumentSet("empty", "", false),
          argumentSet("upper case", "Web", false),
          argumentSet("ends with a dash", "web-", false),
          argumentSet("dot", "a.b", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheDns1035LabelRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isDns1035Label(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.dns1035Label(value, "metadata.name", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }

    @Test
    void reportsTheValueAndTheRule() {
      FieldErrors errors = new FieldErrors();

      KubernetesValidation.dns1035Label("1st", "metadata.name", errors);

      assertThat(errors.list())
          .containsExactly(
              new FieldError(
                  "metadata.name", "\"1st\" " + KubernetesValidation.DNS_1035_LABEL_RULE));
    }
  }

  /** Expected results follow IsValidPortName of k8s.io/apimachinery/pkg/util/validation. */
  @Nested
  class PortNames {
    static Stream<Arguments> cases() {
      // spotless:off
      return Stream.of(
          argumentSet("a word", "http", true),
          argumentSet("letters and digits", "h2c", true),
          argumentSet("inner dash", "grpc-web", true),
          argumentSet("15 characters", "a".repeat(15), true),
          argumentSet("starts with a digit", "8080a", true),
          argumentSet("16 characters", "a".repeat(16), false),
          argumentSet("digits only", "8080", false),
          argumentSet("empty", "", false),
          argumentSet("upper case", "HTTP", false),
          argumentSet("starts with a dash", "-http", false),
          argumentSet("ends with a dash", "http-", false),
          argumentSet("consecutive dashes", "grpc--web", false),
          argumentSet("underscore", "grpc_web", false),
          argumentSet("dot", "h.2", false));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("cases")
    void followsTheIanaServiceNameRule(String value, boolean valid) {
      assertThat(KubernetesValidation.isPortName(value)).isEqualTo(valid);

      FieldErrors errors = new FieldErrors();
      KubernetesValidation.portName(value, "spec.ports[0].name", errors);
      assertThat(errors.isEmpty()).isEqualTo(valid);
    }
  }
}
