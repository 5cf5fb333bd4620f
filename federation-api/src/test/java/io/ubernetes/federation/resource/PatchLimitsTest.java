package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.ubernetes.federation.testing.Manifests;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A patch is bounded while it is applied, by the default limits: the document may not outgrow the
 * object size limit (1.5 MiB) at any operation, a JSON patch holds at most 10,000 operations and
 * its copies and array shifts are bounded; a refusal is a 413 naming the operation.
 */
class PatchLimitsTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Each operation copies the spec into the spec's own template: the document doubles. */
  @Test
  void theCopyBombStopsAtTheOperationThatOutgrowsTheLimit() {
    JsonNode workload = JSON.readTree(Manifests.workload("amp"));
    ArrayNode bomb = NODES.arrayNode();
    for (int n = 0; n < 19; n++) {
      bomb.addObject()
          .put("op", "copy")
          .put("from", "/spec")
          .put("path", "/spec/template/spec/c" + n);
    }

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> new Patch.JsonPatch(bomb).apply(workload))
        .satisfies(
            e -> {
              assertThat(e.reason().status()).isEqualTo(413);
              assertThat(e.errors())
                  .singleElement()
                  .satisfies(
                      error -> {
                        assertThat(error.field()).matches("\\[1[0-2]]");
                        assertThat(error.message()).contains("1572864 bytes");
                      });
            });
    assertThat(workload).isEqualTo(JSON.readTree(Manifests.workload("amp")));
  }

  @Test
  void aJsonPatchHoldsAtMostTenThousandOperations() {
    ArrayNode operations = NODES.arrayNode();
    for (int i = 0; i <= 10_000; i++) {
      operations.addObject().put("op", "test").put("path", "/a").put("value", 1);
    }

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> new Patch.JsonPatch(operations).apply(JSON.readTree("{\"a\": 1}")))
        .satisfies(
            e -> {
              assertThat(e.reason().status()).isEqualTo(413);
              assertThat(e.errors()).extracting(FieldError::field).containsExactly("body");
              assertThat(e.getMessage()).contains("10000");
            });
  }

  /** Copying a value and removing it again leaves the document small, but costs every time. */
  @Test
  void copiesAreBoundedEvenWhenTheDocumentStaysSmall() {
    ObjectNode document = NODES.objectNode().put("a", "x".repeat(100_000));
    ArrayNode operations = NODES.arrayNode();
    for (int i = 0; i < 40; i++) {
      operations.addObject().put("op", "copy").put("from", "/a").put("path", "/b");
      operations.addObject().put("op", "remove").put("path", "/b");
    }

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> new Patch.JsonPatch(operations).apply(document))
        .satisfies(
            e -> {
              assertThat(e.reason().status()).isEqualTo(413);
              assertThat(e.errors())
                  .singleElement()
                  .extracting(FieldError::field)
                  .asString()
                  .matches("\\[[0-9]+]");
            });
  }

  /** Removing the first of many elements moves all the others, every time. */
  @Test
  void arrayShiftsAreBoundedToo() {
    ObjectNode document = NODES.objectNode();
    ArrayNode many = document.putArray("a");
    for (int i = 0; i < 500_000; i++) {
      many.add(0);
    }
    ArrayNode operations = NODES.arrayNode();
    for (int i = 0; i < 10_000; i++) {
      operations.addObject().put("op", "remove").put("path", "/a/0");
    }

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> new Patch.JsonPatch(operations).apply(document))
        .satisfies(e -> assertThat(e.reason().status()).isEqualTo(413));
  }

  @Test
  void aPatchThatStaysWithinTheLimitsApplies() {
    JsonNode workload = JSON.readTree(Manifests.workload("amp"));
    ArrayNode operations = NODES.arrayNode();
    for (int n = 0; n < 5; n++) {
      operations
          .addObject()
          .put("op", "copy")
          .put("from", "/spec/template/spec/template/spec/containers/0")
          .put("path", "/spec/template/spec/template/spec/containers/-");
    }

    JsonNode patched = new Patch.JsonPatch(operations).apply(workload);

    assertThat(patched.at("/spec/template/spec/template/spec/containers").size()).isEqualTo(6);
  }

  @Test
  void aMergePatchCannotOutgrowTheLimit() {
    ObjectNode document = NODES.objectNode().put("a", "x".repeat(1_000_000));
    JsonNode patch = NODES.objectNode().put("b", "y".repeat(1_100_000));

    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(() -> new Patch.MergePatch(patch).apply(document))
        .satisfies(
            e -> {
              assertThat(e.reason().status()).isEqualTo(413);
              assertThat(e.errors()).extracting(FieldError::field).containsExactly("b");
              assertThat(e.getMessage()).contains("1572864 bytes");
            });
  }
}
