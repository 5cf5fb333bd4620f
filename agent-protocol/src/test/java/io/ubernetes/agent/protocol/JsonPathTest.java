package io.ubernetes.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JsonPathTest {
  /** A Job as the member's API server returns it, as plain JSON values. */
  private static final Map<String, Object> JOB =
      Map.of(
          "apiVersion",
          "batch/v1",
          "kind",
          "Job",
          "metadata",
          Map.of(
              "name",
              "migrate",
              "generation",
              2,
              "annotations",
              Map.of("example.com/owner", "shop-team")),
          "status",
          Map.of(
              "succeeded", 3,
              "failed", 1,
              "conditions",
                  List.of(
                      Map.of("type", "Complete", "status", "True", "reason", "Done"),
                      Map.of(
                          "type", "Ready",
                          "status", "False",
                          "reason", "Waiting",
                          "observedGeneration", 2))));

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("dotted field", ".status.succeeded", Optional.of(3)),
        Arguments.of("kubectl wrapper", "{.status.succeeded}", Optional.of(3)),
        Arguments.of("leading dollar", "$.status.failed", Optional.of(1)),
        Arguments.of("no leading dot", "status.failed", Optional.of(1)),
        Arguments.of("whole object", ".metadata.name", Optional.of("migrate")),
        Arguments.of(
            "quoted key with dots and slash",
            ".metadata.annotations['example.com/owner']",
            Optional.of("shop-team")),
        Arguments.of(
            "double-quoted key",
            ".metadata[\"annotations\"][\"example.com/owner\"]",
            Optional.of("shop-team")),
        Arguments.of("index", ".status.conditions[0].type", Optional.of("Complete")),
        Arguments.of("index from the end", ".status.conditions[-1].type", Optional.of("Ready")),
        Arguments.of("index past the end", ".status.conditions[5].type", Optional.empty()),
        Arguments.of(
            "wildcard", ".status.conditions[*].type", Optional.of(List.of("Complete", "Ready"))),
        Arguments.of(
            "filter on a string",
            "{.status.conditions[?(@.type==\"Ready\")].status}",
            Optional.of(List.of("False"))),
        Arguments.of(
            "filter with single quotes and spaces",
            ".status.conditions[?( @.type == 'Complete' )].reason",
            Optional.of(List.of("Done"))),
        Arguments.of(
            "filter on a number",
            ".status.conditions[?(@.observedGeneration>=2)].type",
            Optional.of(List.of("Ready"))),
        Arguments.of(
            "filter not equal",
            ".status.conditions[?(@.status!=\"True\")].type",
            Optional.of(List.of("Ready"))),
        Arguments.of(
            "filter on having a field",
            ".status.conditions[?(@.observedGeneration)].type",
            Optional.of(List.of("Ready"))),
        Arguments.of(
            "filter that matches nothing",
            ".status.conditions[?(@.type==\"Failed\")].status",
            Optional.empty()),
        Arguments.of("missing field", ".status.active", Optional.empty()),
        Arguments.of("field of a scalar", ".status.succeeded.value", Optional.empty()),
        Arguments.of("map wildcard", ".metadata.annotations.*", Optional.of(List.of("shop-team"))));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("values")
  void selects(String name, String path, Optional<Object> expected) {
    assertThat(JsonPath.parse(path).value(JOB)).isEqualTo(expected);
  }

  @Test
  void aWholeSubtreeIsOneValue() {
    assertThat(JsonPath.parse(".status").value(JOB)).contains(JOB.get("status"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of("empty", " ", "a JSONPath is required"),
        Arguments.of("recursive descent", "..status", "recursive descent"),
        Arguments.of("slice", ".status.conditions[0:2]", "slices and unions are not supported"),
        Arguments.of("union", ".status.conditions[0,1]", "slices and unions are not supported"),
        Arguments.of("unclosed bracket", ".status.conditions[0", "expected ']'"),
        Arguments.of("unclosed quote", ".metadata['name]", "unclosed quote"),
        Arguments.of("unclosed wrapper", "{.status", "must end with }"),
        Arguments.of("no field after dot", ".status.", "expected a field name"),
        Arguments.of("filter without @", ".status.conditions[?(type==1)]", "expected '@'"),
        Arguments.of("bad operator", ".status.conditions[?(@.type=~'x')]", "expected =="),
        Arguments.of("bad literal", ".status.conditions[?(@.type==Ready)]", "expected a quoted"),
        Arguments.of("garbage", ".status!", "unexpected '!'"),
        Arguments.of("function", ".status.conditions.length()", "unexpected '('"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalid")
  void refuses(String name, String path, String message) {
    assertThatThrownBy(() -> JsonPath.parse(path))
        .isInstanceOf(JsonPath.InvalidJsonPathException.class)
        .hasMessageContaining(message);
  }
}
