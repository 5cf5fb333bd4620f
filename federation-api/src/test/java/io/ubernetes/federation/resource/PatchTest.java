package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.ubernetes.federation.resource.ApiException.Reason;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PatchTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static JsonNode json(String text) {
    return JSON.readTree(text);
  }

  /** Applies {@code patch} and checks that neither the document nor the patch was changed. */
  private static JsonNode applyUntouched(Patch patch, JsonNode document, JsonNode patchBody) {
    JsonNode documentBefore = document.deepCopy();
    JsonNode patchBefore = patchBody.deepCopy();
    try {
      return patch.apply(document);
    } finally {
      assertThat(document).as("the input document").isEqualTo(documentBefore);
      assertThat(patchBody).as("the patch").isEqualTo(patchBefore);
    }
  }

  private static JsonNode jsonPatch(String document, String operations) {
    JsonNode body = json(operations);
    return applyUntouched(new Patch.JsonPatch(body), json(document), body);
  }

  private static void assertRefused(
      Runnable action, Reason reason, String field, String messagePart) {
    assertThatExceptionOfType(ApiException.class)
        .isThrownBy(action::run)
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.errors())
                  .singleElement()
                  .satisfies(
                      error -> {
                        assertThat(error.field()).isEqualTo(field);
                        assertThat(error.message()).contains(messagePart);
                      });
              assertThat(e.getMessage()).contains(field);
            });
  }

  @Nested
  class JsonPatchRfc6902 {

    /** RFC 6902, Appendix A: the examples that succeed, with their results. */
    static Stream<Arguments> appendixA() {
      // spotless:off
      return Stream.of(
          argumentSet("A.1 adding an object member",
              """
              {"foo": "bar"}""",
              """
              [{"op": "add", "path": "/baz", "value": "qux"}]""",
              """
              {"baz": "qux", "foo": "bar"}"""),
          argumentSet("A.2 adding an array element",
              """
              {"foo": ["bar", "baz"]}""",
              """
              [{"op": "add", "path": "/foo/1", "value": "qux"}]""",
              """
              {"foo": ["bar", "qux", "baz"]}"""),
          argumentSet("A.3 removing an object member",
              """
              {"baz": "qux", "foo": "bar"}""",
              """
              [{"op": "remove", "path": "/baz"}]""",
              """
              {"foo": "bar"}"""),
          argumentSet("A.4 removing an array element",
              """
              {"foo": ["bar", "qux", "baz"]}""",
              """
              [{"op": "remove", "path": "/foo/1"}]""",
              """
              {"foo": ["bar", "baz"]}"""),
          argumentSet("A.5 replacing a value",
              """
              {"baz": "qux", "foo": "bar"}""",
              """
              [{"op": "replace", "path": "/baz", "value": "boo"}]""",
              """
              {"baz": "boo", "foo": "bar"}"""),
          argumentSet("A.6 moving a value",
              """
              {"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}""",
              """
              [{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]""",
              """
              {"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}"""),
          argumentSet("A.7 moving an array element",
              """
              {"foo": ["all", "grass", "cows", "eat"]}""",
              """
              [{"op": "move", "from": "/foo/1", "path": "/foo/3"}]""",
              """
              {"foo": ["all", "cows", "eat", "grass"]}"""),
          argumentSet("A.8 testing a value: success",
              """
              {"baz": "qux", "foo": ["a", 2, "c"]}""",
              """
              [{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}]""",
              """
              {"baz": "qux", "foo": ["a", 2, "c"]}"""),
          argumentSet("A.10 adding a nested member object",
              """
              {"foo": "bar"}""",
              """
              [{"op": "add", "path": "/child", "value": {"grandchild": {}}}]""",
              """
              {"foo": "bar", "child": {"grandchild": {}}}"""),
          argumentSet("A.11 ignoring unrecognized elements",
              """
              {"foo": "bar"}""",
              """
              [{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]""",
              """
              {"foo": "bar", "baz": "qux"}"""),
          argumentSet("A.14 ~ escape ordering",
              """
              {"/": 9, "~1": 10}""",
              """
              [{"op": "test", "path": "/~01", "value": 10}]""",
              """
              {"/": 9, "~1": 10}"""),
          argumentSet("A.16 adding an array value",
              """
              {"foo": ["bar"]}""",
              """
              [{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]""",
              """
              {"foo": ["bar", ["abc", "def"]]}"""));
      // spotless:on
    }

    @ParameterizedTest
    @MethodSource("appendixA")
    void appliesTheRfcExamples(String document, String operations, String expected) {
      assertThat(jsonPatch(document, operations)).isEqualTo(json(expected));
    }

    @Test
    void a9TestFailureIsRefusedNamingTheOperation() {
      assertRefused(
          () ->
              jsonPatch(
                  """
                  {"baz": "qux"}""",
                  """
                  [{"op": "test", "path": "/baz", "value": "bar"}]"""),
          Reason.INVALID,
          "[0]",
          "test failed for /baz");
    }

    @Test
    void a12AddingToANonexistentTargetIsRefusedNamingThePath() {
      assertRefused(
          () ->
              jsonPatch(
                  """
                  {"foo": "bar"}""",
                  """
                  [{"op": "add", "path": "/baz/bat", "value": "qux"}]"""),
          Reason.INVALID,
          "[0].path",
          "/baz does not exist");
    }

    @Test
    void a15StringsAndNumbersAreNeverEqual() {
      assertRefused(
          () ->
              jsonPatch(
                  """
                  {"/": 9, "~1": 10}""",
                  """
                  [{"op": "test", "path": "/~01", "value": "10"}]"""),
          Reason.INVALID,
          "[0]",
          "test failed for /~01");
    }

    @Test
    void a13MalformedOperationIsRefusedBeforeAnythingIsApplied() {
      // A.13's duplicate "op" member never reaches Patch: the API's JSON reader refuses duplicate
      // members. An operation that is not a valid one is the nearest case Patch itself sees.
      assertRefused(
          () -> new Patch.JsonPatch(json("[{\"op\": \"add\", \"path\": \"/baz\"}]")),
          Reason.BAD_REQUEST,
          "[0].value",
          "required for \"add\"");
    }
  }

  @Nested
  class JsonPointers {

    /** The document of RFC 6901, section 5, and what each of its pointers refers to. */
    private static final String RFC_6901_DOCUMENT =
        """
        {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4,
         "i\\\\j": 5, "k\\"l": 6, " ": 7, "m~n": 8}""";

    @ParameterizedTest
    @CsvSource(
        delimiterString = "=>",
        quoteCharacter = '`',
        textBlock =
            """
            ``       => {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\\\j": 5, "k\\"l": 6, " ": 7, "m~n": 8}
            /foo     => ["bar", "baz"]
            /foo/0   => "bar"
            /        => 0
            /a~1b    => 1
            /c%d     => 2
            /e^f     => 3
            /g|h     => 4
            /i\\j    => 5
            /k"l     => 6
            `/ `     => 7
            /m~0n    => 8
            """)
    void resolvesTheRfc6901Examples(String pointer, String value) {
      String test =
          JSON.createArrayNode()
              .add(
                  JSON.createObjectNode()
                      .put("op", "test")
                      .put("path", pointer)
                      .set("value", json(value)))
              .toString();

      assertThat(jsonPatch(RFC_6901_DOCUMENT, test)).isEqualTo(json(RFC_6901_DOCUMENT));
    }

    @Test
    void rendersTokensBackToAnEscapedPointer() {
      assertThat(Patch.Operation.render(Patch.Operation.pointer("/a~1b/m~0n/~01", "f")))
          .isEqualTo("/a~1b/m~0n/~01");
      assertThat(Patch.Operation.render(List.of())).isEqualTo("the document");
    }
  }

  @Nested
  class JsonPatchSemantics {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # document                    | operations                                                              | expected
            {"a": 1}                      | [{"op": "add", "path": "/a", "value": 2}]                                | {"a": 2}
            {"a": 1}                      | [{"op": "add", "path": "", "value": [1]}]                                | [1]
            {"a": 1}                      | [{"op": "add", "path": "/b", "value": null}]                             | {"a": 1, "b": null}
            {"a": [1, 2]}                 | [{"op": "add", "path": "/a/2", "value": 3}]                              | {"a": [1, 2, 3]}
            {"a": [1, 2]}                 | [{"op": "add", "path": "/a/0", "value": 0}]                              | {"a": [0, 1, 2]}
            {"a": [1, 2]}                 | [{"op": "replace", "path": "/a/0", "value": 9}]                          | {"a": [9, 2]}
            {"a": 1}                      | [{"op": "replace", "path": "", "value": {"b": 2}}]                       | {"b": 2}
            {"a": {"b": 1}}               | [{"op": "copy", "from": "/a", "path": "/c"}]                             | {"a": {"b": 1}, "c": {"b": 1}}
            {"a": [1, 2]}                 | [{"op": "copy", "from": "/a/1", "path": "/a/0"}]                         | {"a": [2, 1, 2]}
            {"a": {"b": 1}}               | [{"op": "move", "from": "/a", "path": "/a"}]                             | {"a": {"b": 1}}
            {"a": {"b": 1}}               | [{"op": "move", "from": "/a/b", "path": "/a"}]                           | {"a": 1}
            {"a": 1}                      | [{"op": "test", "path": "", "value": {"a": 1}}]                          | {"a": 1}
            {"a": {"x": 1, "y": 2}}       | [{"op": "test", "path": "/a", "value": {"y": 2, "x": 1}}]                | {"a": {"x": 1, "y": 2}}
            {"a": 1}                      | [{"op": "test", "path": "/a", "value": 1.0}]                             | {"a": 1}
            {"a": [1.50, 2]}              | [{"op": "test", "path": "/a", "value": [1.5, 2.0]}]                      | {"a": [1.50, 2]}
            {"a": null}                   | [{"op": "test", "path": "/a", "value": null}]                            | {"a": null}
            {"a": 1}                      | [{"op": "add", "path": "/b", "value": 2}, {"op": "remove", "path": "/a"}] | {"b": 2}
            {"a": {}}                     | [{"op": "add", "path": "/a/b", "value": [1]}, {"op": "add", "path": "/a/b/-", "value": 2}] | {"a": {"b": [1, 2]}}
            """)
    // spotless:on
    void appliesOperationsInOrder(String document, String operations, String expected) {
      assertThat(jsonPatch(document, operations)).isEqualTo(json(expected));
    }

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # document            | operations                                                                           | field     | message
            {"a": 1}              | [{"op": "test", "path": "/a", "value": 1}, {"op": "test", "path": "/a", "value": 2}] | [1]       | test failed for /a
            {"a": [1]}            | [{"op": "test", "path": "/a", "value": [1, 2]}]                                       | [0]       | test failed for /a
            {"a": 1}              | [{"op": "test", "path": "/b", "value": 1}]                                            | [0].path  | /b does not exist
            {"a": 1}              | [{"op": "remove", "path": "/b"}]                                                      | [0].path  | /b does not exist
            {"a": 1}              | [{"op": "remove", "path": ""}]                                                        | [0].path  | cannot remove the whole document
            {"a": 1}              | [{"op": "replace", "path": "/b", "value": 2}]                                         | [0].path  | /b does not exist
            {"a": [1]}            | [{"op": "remove", "path": "/a/1"}]                                                    | [0].path  | index 1 is out of bounds
            {"a": [1]}            | [{"op": "remove", "path": "/a/-"}]                                                    | [0].path  | "-" is not an array index
            {"a": [1]}            | [{"op": "add", "path": "/a/2", "value": 2}]                                           | [0].path  | index 2 is out of bounds
            {"a": [1, 2]}         | [{"op": "add", "path": "/a/01", "value": 2}]                                          | [0].path  | "01" is not an array index
            {"a": [1]}            | [{"op": "add", "path": "/a/x", "value": 2}]                                           | [0].path  | "x" is not an array index
            {"a": [1]}            | [{"op": "replace", "path": "/a/-1", "value": 2}]                                      | [0].path  | "-1" is not an array index
            {"a": "text"}         | [{"op": "add", "path": "/a/b", "value": 2}]                                           | [0].path  | the parent of /a/b is not an object or array
            {"a": {"b": 1}}       | [{"op": "move", "from": "/a", "path": "/a/c"}]                                        | [0].path  | cannot move a value into itself
            {"a": 1}              | [{"op": "move", "from": "/b", "path": "/c"}]                                          | [0].from  | /b does not exist
            {"a": 1}              | [{"op": "copy", "from": "/b", "path": "/c"}]                                          | [0].from  | /b does not exist
            {"a": [1]}            | [{"op": "copy", "from": "/a/5", "path": "/c"}]                                        | [0].from  | index 5 is out of bounds
            {"a": [1]}            | [{"op": "move", "from": "/a/-", "path": "/c"}]                                        | [0].from  | "-" is not an array index
            {"a": 1}              | [{"op": "add", "path": "/b", "value": 2}, {"op": "copy", "from": "/x", "path": "/y"}] | [1].from  | /x does not exist
            """)
    // spotless:on
    void refusesOperationsThatCannotBeAppliedNamingThem(
        String document, String operations, String field, String message) {
      assertRefused(() -> jsonPatch(document, operations), Reason.INVALID, field, message);
    }

    @Test
    void appliesAllOrNothingAndLeavesTheInputAlone() {
      JsonNode document = json("{\"a\": 1}");
      Patch patch =
          new Patch.JsonPatch(
              json(
                  """
                  [{"op": "add", "path": "/b", "value": 2},
                   {"op": "remove", "path": "/a"},
                   {"op": "test", "path": "/a", "value": 1}]"""));

      assertRefused(() -> patch.apply(document), Reason.INVALID, "[2].path", "/a does not exist");
      assertThat(document).isEqualTo(json("{\"a\": 1}"));
    }

    @Test
    void givesTheSameResultWhenAppliedTwice() {
      JsonNode body =
          json(
              """
              [{"op": "add", "path": "/list/-", "value": {"n": 1}},
               {"op": "copy", "from": "/list/0", "path": "/copy"}]""");
      Patch patch = new Patch.JsonPatch(body);
      JsonNode document = json("{\"list\": []}");

      JsonNode first = applyUntouched(patch, document, body);
      JsonNode second = applyUntouched(patch, document, body);

      assertThat(first)
          .isEqualTo(second)
          .isEqualTo(json("{\"list\": [{\"n\": 1}], \"copy\": {\"n\": 1}}"));
      assertThat(first.get("copy")).isNotSameAs(first.get("list").get(0));
    }

    @Test
    void resultSharesNoNodeWithThePatch() {
      JsonNode body = json("[{\"op\": \"add\", \"path\": \"/a\", \"value\": {\"b\": 1}}]");
      JsonNode result = new Patch.JsonPatch(body).apply(json("{}"));

      ((ObjectNode) result.get("a")).put("b", 2);

      assertThat(body)
          .isEqualTo(json("[{\"op\": \"add\", \"path\": \"/a\", \"value\": {\"b\": 1}}]"));
    }
  }

  @Nested
  class MalformedJsonPatch {

    // spotless:off
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # operations                                                        | field     | message
            {"op": "add", "path": "/a", "value": 1}                             | body      | must be an array of operations
            "add"                                                               | body      | must be an array of operations
            [1]                                                                 | [0]       | an operation must be an object
            [{"op": "test", "path": "/a", "value": 1}, []]                      | [1]       | an operation must be an object
            [{"path": "/a", "value": 1}]                                        | [0].op    | required, as a string
            [{"op": 1, "path": "/a", "value": 1}]                               | [0].op    | required, as a string
            [{"op": "add", "value": 1}]                                         | [0].path  | required, as a string
            [{"op": "add", "path": null, "value": 1}]                           | [0].path  | required, as a string
            [{"op": "add", "path": "a", "value": 1}]                            | [0].path  | must start with '/'
            [{"op": "add", "path": "/a~2", "value": 1}]                         | [0].path  | invalid escape
            [{"op": "add", "path": "/a~", "value": 1}]                          | [0].path  | invalid escape
            [{"op": "add", "path": "/~~01", "value": 1}]                        | [0].path  | invalid escape
            [{"op": "add", "path": "/a"}]                                       | [0].value | required for "add"
            [{"op": "replace", "path": "/a"}]                                   | [0].value | required for "replace"
            [{"op": "test", "path": "/a"}]                                      | [0].value | required for "test"
            [{"op": "move", "path": "/a"}]                                      | [0].from  | required, as a string
            [{"op": "copy", "path": "/a", "from": "a"}]                         | [0].from  | must start with '/'
            [{"op": "merge", "path": "/a", "value": 1}]                         | [0].op    | unsupported operation "merge"
            [{"op": "remove", "path": "/a"}, {"op": "Add", "path": "/a", "value": 1}] | [1].op | unsupported operation "Add"
            """)
    // spotless:on
    void refusesMalformedPatchesAsBadRequests(String operations, String field, String message) {
      JsonNode body = json(operations);

      assertRefused(() -> new Patch.JsonPatch(body), Reason.BAD_REQUEST, field, message);
    }

    @Test
    void acceptsAnEmptyPatchAsNoChange() {
      assertThat(jsonPatch("{\"a\": [1]}", "[]")).isEqualTo(json("{\"a\": [1]}"));
    }
  }

  @Nested
  class MergePatchRfc7386 {

    // spotless:off
    /** RFC 7386, Appendix A. */
    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '`',
        textBlock =
            """
            # original                | patch                              | result
            {"a":"b"}                 | {"a":"c"}                          | {"a":"c"}
            {"a":"b"}                 | {"b":"c"}                          | {"a":"b", "b":"c"}
            {"a":"b"}                 | {"a":null}                         | {}
            {"a":"b", "b":"c"}        | {"a":null}                         | {"b":"c"}
            {"a":["b"]}               | {"a":"c"}                          | {"a":"c"}
            {"a":"c"}                 | {"a":["b"]}                        | {"a":["b"]}
            {"a": {"b": "c"}}         | {"a": {"b": "d", "c": null}}       | {"a": {"b": "d"}}
            {"a": [{"b":"c"}]}        | {"a": [1]}                         | {"a": [1]}
            ["a","b"]                 | ["c","d"]                          | ["c","d"]
            {"a":"b"}                 | ["c"]                              | ["c"]
            {"a":"foo"}               | null                               | null
            {"a":"foo"}               | "bar"                              | "bar"
            {"e":null}                | {"a":1}                            | {"e":null, "a":1}
            [1,2]                     | {"a":"b", "c":null}                | {"a":"b"}
            {}                        | {"a": {"bb": {"ccc": null}}}       | {"a": {"bb": {}}}
            """)
    // spotless:on
    void appliesTheRfcExamples(String original, String patch, String result) {
      JsonNode body = json(patch);

      assertThat(applyUntouched(new Patch.MergePatch(body), json(original), body))
          .isEqualTo(json(result));
    }

    @Test
    void resultSharesNoNodeWithTheDocumentOrThePatch() {
      JsonNode document = json("{\"keep\": {\"x\": 1}, \"deep\": {\"y\": 1}}");
      JsonNode body = json("{\"deep\": {\"z\": {\"w\": 1}}}");

      JsonNode result = new Patch.MergePatch(body).apply(document);
      ((ObjectNode) result.get("keep")).put("x", 2);
      ((ObjectNode) result.get("deep").get("z")).put("w", 2);

      assertThat(document).isEqualTo(json("{\"keep\": {\"x\": 1}, \"deep\": {\"y\": 1}}"));
      assertThat(body).isEqualTo(json("{\"deep\": {\"z\": {\"w\": 1}}}"));
    }
  }

  @Nested
  class ContentTypes {

    @ParameterizedTest
    @CsvSource(
        textBlock =
            """
            application/json-patch+json,                json patch
            application/json-patch+json;charset=UTF-8,  json patch
            application/merge-patch+json,               merge patch
            application/json,                           merge patch
            """)
    void choosesTheFormatByContentType(String contentType, String format) {
      JsonNode body = json("[]");

      Patch patch = Patch.of(MediaType.parseMediaType(contentType), body);

      assertThat(patch)
          .isInstanceOf(
              format.equals("json patch") ? Patch.JsonPatch.class : Patch.MergePatch.class);
    }
  }
}
