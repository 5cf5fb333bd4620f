package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

class ClientDocumentsTest {
  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .build();

  enum Effect {
    NoSchedule
  }

  record Taint(String key, Effect effect) {}

  record Spec(Integer replicas, List<Taint> taints) {}

  record Document(Spec spec) {}

  @Test
  void readsAGoodDocumentAndRecordsNothing() {
    FieldErrors errors = new FieldErrors();

    Document document = read("{\"spec\": {\"replicas\": 3}}", errors);

    assertThat(document.spec().replicas()).isEqualTo(3);
    assertThat(errors.isEmpty()).isTrue();
  }

  @Test
  void recordsEveryUnreadableFieldAndReadsTheRest() {
    FieldErrors errors = new FieldErrors();

    Document document =
        read(
            """
            {"spec": {"replicas": "three", "colour": "red",
                      "taints": [{"key": "a", "effect": "Never"}, {"key": "b", "size": 1},
                                 {"key": "c", "effect": "NoSchedule"}]},
             "extra": true}
            """,
            errors);

    assertThat(errors.list())
        .extracting(FieldError::field)
        .containsExactlyInAnyOrder(
            "spec.replicas",
            "spec.colour",
            "spec.taints[0].effect",
            "spec.taints[1].size",
            "extra");
    assertThat(document.spec().taints()).extracting(Taint::key).containsExactly("a", "b", "c");
  }

  @Test
  void laterRulesSayNothingAboutAFieldLeftOut() {
    FieldErrors errors = new FieldErrors();
    read("{\"spec\": {\"replicas\": \"three\"}}", errors);

    errors.required("spec.replicas");
    errors.add("spec.replicas.value", "must be positive");
    errors.add("spec.taints", "required");

    assertThat(errors.list())
        .extracting(FieldError::field)
        .containsExactly("spec.replicas", "spec.taints");
  }

  @Test
  void stopsReadingAfterTwentyUnreadableFields() {
    StringBuilder fields = new StringBuilder("{\"spec\": {\"replicas\": 1");
    for (int i = 0; i < 30; i++) {
      fields.append(", \"unknown").append(i).append("\": ").append(i);
    }
    FieldErrors errors = new FieldErrors();

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> read(fields.append("}}").toString(), errors))
        .satisfies(e -> assertThat(e.errors()).hasSize(ClientDocuments.MAX_UNREADABLE));
  }

  @Test
  void throwsWhatMakesTheWholeDocumentUnreadable() {
    assertThatExceptionOfType(JacksonException.class)
        .isThrownBy(() -> read("{\"spec\": {\"replicas\": ", new FieldErrors()));
    assertThatExceptionOfType(JacksonException.class)
        .isThrownBy(() -> read("[1, 2]", new FieldErrors()));
  }

  private static Document read(String json, FieldErrors errors) {
    return ClientDocuments.read(
        STRICT, json.getBytes(StandardCharsets.UTF_8), Document.class, errors);
  }

  @Test
  void aFieldSetTwiceKeepsItsLastValueAndIsRefusedWarnedOfOrIgnoredAsTheWriteAsks() {
    JsonMapper strictDuplicates =
        STRICT.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    String body =
        """
        {"spec": {"replicas": 3, "replicas": 5, "taints": [{"key": "a", "key": "b"}]}}
        """;
    FieldErrors strict = new FieldErrors();
    FieldErrors ignored = new FieldErrors();

    Document document =
        ClientDocuments.read(
            strictDuplicates, body.getBytes(StandardCharsets.UTF_8), Document.class, strict);
    ClientDocuments.read(
        strictDuplicates, body.getBytes(StandardCharsets.UTF_8), Document.class, ignored);
    ignored.decoded(WriteOptions.FieldValidation.IGNORE);

    assertThat(document.spec().replicas()).isEqualTo(5);
    assertThat(document.spec().taints().getFirst().key()).isEqualTo("b");
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> strict.decoded(WriteOptions.FieldValidation.STRICT))
        .withMessage(
            "strict decoding error: duplicate field \"spec.replicas\", duplicate field"
                + " \"spec.taints[0].key\"");
    assertThat(ignored.isEmpty()).isTrue();
    assertThatExceptionOfType(JacksonException.class)
        .isThrownBy(
            () ->
                ClientDocuments.read(
                    strictDuplicates,
                    "{\"spec\": {\"replicas\": 3, \"replicas\": 5".getBytes(StandardCharsets.UTF_8),
                    Document.class,
                    new FieldErrors()));
  }
}
