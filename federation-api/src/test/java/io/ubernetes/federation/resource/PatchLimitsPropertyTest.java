package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random JSON patches (add, copy, move, replace, remove) over random documents, against a small
 * limit so that it is often reached: a patch applies within the limit or is refused with 413 or
 * 422, never with anything else, and the document it was given is left untouched. Keys and text
 * hold what JSON escapes (quotes, backslashes, control characters, non-ASCII, emoji), so that the
 * size kept while applying is checked where it is easiest to get wrong.
 */
class PatchLimitsPropertyTest {
  private static final long LIMIT = 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> KEYS = List.of("a", "b", "c", "d~e", "f/g", "\"h\"", "ü");
  private static final List<String> INDICES = List.of("0", "1", "2");

  /** Copies and adds weigh most: they are what grows a document. */
  private static final List<String> OPS =
      List.of("add", "add", "copy", "copy", "copy", "move", "replace", "remove");

  private static final List<String> TEXT =
      List.of("x", "\"", "\\", "\u0001", "é", "\uD83D\uDE00", "\u2028", "abc");

  /** A document and a patch for it, whose paths mostly name what the document holds. */
  record Case(JsonNode document, ArrayNode operations) {}

  @Property(tries = 1000)
  void aPatchAppliesWithinTheLimitOrIsRefusedWith413Or422(@ForAll("cases") Case example) {
    JsonNode document = example.document();
    JsonNode before = document.deepCopy();
    String outcome;
    try {
      JsonNode patched = new Patch.JsonPatch(example.operations()).apply(document, LIMIT);
      assertThat(JsonSize.of(patched)).isLessThanOrEqualTo(LIMIT);
      outcome = "applied";
    } catch (ApiException e) {
      assertThat(e.reason().status()).as(e.getMessage()).isIn(413, 422);
      assertThat(e.errors()).isNotEmpty();
      outcome = String.valueOf(e.reason().status());
    }
    assertThat(document).isEqualTo(before);
    Statistics.collect(outcome);
    Statistics.coverage(
        coverage -> {
          coverage.check("applied").percentage(percent -> percent >= 10);
          coverage.check("413").percentage(percent -> percent >= 5);
        });
  }

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.randomValue(
            random -> {
              ObjectNode document = object(random, 3);
              List<String> pointers = new ArrayList<>();
              document
                  .properties()
                  .forEach(
                      member ->
                          pointers(member.getValue(), "/" + escape(member.getKey()), pointers));
              return new Case(document, patch(random, pointers));
            })
        .filter(example -> JsonSize.of(example.document()) <= LIMIT);
  }

  private static ArrayNode patch(Random random, List<String> pointers) {
    ArrayNode operations = NODES.arrayNode();
    int count = 1 + random.nextInt(random.nextBoolean() ? 5 : 40);
    // A third of the patches only add and copy, to members that always exist: they grow.
    boolean growing = random.nextInt(3) == 0;
    for (int i = 0; i < count; i++) {
      ObjectNode operation = operations.addObject();
      String op = growing ? pick(random, OPS.subList(0, 5)) : pick(random, OPS);
      operation.put("op", op);
      String path = pointer(random, pointers);
      if ((op.equals("add") || op.equals("copy")) && (growing || random.nextBoolean())) {
        // A member of the document itself, which always exists to add to.
        path = "/" + escape(pick(random, KEYS));
      }
      operation.put("path", path);
      switch (op) {
        // Copying the whole document doubles it: the fastest way to the limit.
        case "copy" ->
            operation.put(
                "from", growing || random.nextInt(3) == 0 ? "" : pointer(random, pointers));
        case "move" -> operation.put("from", pointer(random, pointers));
        case "add", "replace" -> operation.set("value", value(random, 2));
        default -> {}
      }
    }
    return operations;
  }

  /** Mostly a pointer to what the document held before the patch, else any. */
  private static String pointer(Random random, List<String> existing) {
    if (!existing.isEmpty() && random.nextInt(10) < 8) {
      return pick(random, existing);
    }
    StringBuilder pointer = new StringBuilder();
    int depth = random.nextInt(4);
    for (int i = 0; i < depth; i++) {
      String token = random.nextBoolean() ? pick(random, KEYS) : pick(random, INDICES);
      pointer.append('/').append(escape(token));
    }
    return pointer.toString();
  }

  private static void pointers(JsonNode node, String pointer, List<String> pointers) {
    pointers.add(pointer);
    if (node.isObject()) {
      for (var member : node.properties()) {
        pointers(member.getValue(), pointer + "/" + escape(member.getKey()), pointers);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        pointers(node.get(i), pointer + "/" + i, pointers);
      }
    }
  }

  private static JsonNode value(Random random, int depth) {
    return switch (random.nextInt(depth > 0 ? 7 : 4)) {
      case 0 -> NODES.stringNode(text(random));
      case 1 -> NODES.numberNode(random.nextInt(2) == 0 ? random.nextLong() : random.nextDouble());
      case 2 -> NODES.booleanNode(random.nextBoolean());
      case 3 -> NODES.nullNode();
      case 4, 5 -> object(random, depth - 1);
      default -> {
        ArrayNode array = NODES.arrayNode();
        int size = random.nextInt(4);
        for (int i = 0; i < size; i++) {
          array.add(value(random, depth - 1));
        }
        yield array;
      }
    };
  }

  private static ObjectNode object(Random random, int depth) {
    ObjectNode object = NODES.objectNode();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      object.set(pick(random, KEYS), value(random, Math.max(depth - 1, 0)));
    }
    return object;
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int parts = random.nextInt(random.nextInt(10) == 0 ? 400 : 20);
    for (int i = 0; i < parts; i++) {
      text.append(pick(random, TEXT));
    }
    return text.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
