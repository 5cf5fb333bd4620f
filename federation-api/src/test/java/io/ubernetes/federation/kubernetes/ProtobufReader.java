package io.ubernetes.federation.kubernetes;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads protocol buffers' wire format without the schema, as a test decodes what the service wrote:
 * each field's number with its varint, or its bytes for length-delimited ones (strings and nested
 * messages alike). Fails on malformed input, as a Go client's {@code proto.Unmarshal} would.
 */
final class ProtobufReader {
  /** One field as read: a varint or fixed value in {@code number}, else {@code bytes}. */
  record Field(int field, int wireType, long number, byte[] bytes) {
    String string() {
      return new String(bytes, StandardCharsets.UTF_8);
    }

    List<Field> message() {
      return read(bytes);
    }
  }

  private ProtobufReader() {}

  static List<Field> read(byte[] data) {
    List<Field> fields = new ArrayList<>();
    int[] at = {0};
    while (at[0] < data.length) {
      long tag = varint(data, at);
      int field = (int) (tag >>> 3);
      int wireType = (int) (tag & 7);
      if (field == 0) {
        throw new IllegalArgumentException("field number 0 at byte " + at[0]);
      }
      switch (wireType) {
        case 0 -> fields.add(new Field(field, wireType, varint(data, at), null));
        case 1 -> {
          long bits = 0;
          for (int i = 0; i < 8; i++) {
            bits |= (data[at[0] + i] & 0xffL) << (8 * i);
          }
          at[0] += 8;
          fields.add(new Field(field, wireType, bits, null));
        }
        case 2 -> {
          int length = (int) varint(data, at);
          if (length < 0 || at[0] + length > data.length) {
            throw new IllegalArgumentException("length " + length + " beyond the end");
          }
          byte[] bytes = java.util.Arrays.copyOfRange(data, at[0], at[0] + length);
          at[0] += length;
          fields.add(new Field(field, wireType, 0, bytes));
        }
        default -> throw new IllegalArgumentException("wire type " + wireType);
      }
    }
    return fields;
  }

  /** The fields numbered {@code number}. */
  static List<Field> all(List<Field> fields, int number) {
    return fields.stream().filter(f -> f.field() == number).toList();
  }

  /** The one field numbered {@code number}. */
  static Field one(List<Field> fields, int number) {
    List<Field> found = all(fields, number);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " fields numbered " + number);
    }
    return found.getFirst();
  }

  private static long varint(byte[] data, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte b = data[at[0]++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }
}
