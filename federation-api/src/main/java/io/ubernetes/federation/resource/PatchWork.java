package io.ubernetes.federation.resource;

import tools.jackson.databind.JsonNode;

/**
 * The bounds of one JSON patch, checked while it is applied, before each operation allocates: the
 * document may not outgrow the object size limit at any operation (so a copy that doubles it is
 * stopped before the copy is made), and the bytes an operation measures, copies or removes and the
 * array elements it shifts are counted against budgets, so that a patch that keeps its document
 * small still cannot make the server work for minutes. The size is kept up to date from the values
 * each operation adds and removes, without serializing the document again.
 */
final class PatchWork {
  /**
   * Kubernetes sets no such limit; ten thousand is far beyond any patch written by hand or tool.
   */
  static final int MAX_OPERATIONS = 10_000;

  /** A patch may measure (copy, move, remove, add) this many times the size limit in all. */
  private static final int BYTE_BUDGET_FACTOR = 4;

  /** Array elements moved by inserts and removals before the end: a few milliseconds of work. */
  private static final long MAX_SHIFTS = 10_000_000;

  private final long maxBytes;
  private long size;
  private long measured;
  private long shifted;
  private String field = "body";

  PatchWork(long maxBytes, JsonNode document) {
    this.maxBytes = maxBytes;
    this.size = JsonSize.of(document);
  }

  /** The operation now applied, as errors name it. */
  void operation(String field) {
    this.field = field;
  }

  /** The size of a value the operation adds, moves, replaces or removes. */
  long measure(JsonNode value) {
    long bytes = JsonSize.of(value);
    measured += bytes;
    if (measured > BYTE_BUDGET_FACTOR * maxBytes) {
      throw ApiException.tooLarge(
          field,
          "the patch adds, copies, moves and removes more than "
              + BYTE_BUDGET_FACTOR * maxBytes
              + " bytes in all; split it into smaller patches");
    }
    return bytes;
  }

  /** Array elements the operation moves to insert or remove one. */
  void shift(long elements) {
    shifted += elements;
    if (shifted > MAX_SHIFTS) {
      throw ApiException.tooLarge(
          field,
          "the patch shifts more than "
              + MAX_SHIFTS
              + " array elements in all; split it into smaller patches");
    }
  }

  /** The whole document is replaced by one of {@code bytes}. */
  void replaceDocument(long bytes) {
    resize(bytes - size);
  }

  /** The document grows (or shrinks) by {@code bytes}; refused before it outgrows the limit. */
  void resize(long bytes) {
    long after = size + bytes;
    if (after > maxBytes) {
      throw ApiException.tooLarge(field, ObjectSizeLimit.exceeded(after, maxBytes));
    }
    size = after;
  }
}
