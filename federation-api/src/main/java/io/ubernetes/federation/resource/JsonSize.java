package io.ubernetes.federation.resource;

import java.io.OutputStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The size of a JSON document as it is stored: the UTF-8 bytes of its compact serialization,
 * counted as it is written out, so that measuring a large document allocates nothing.
 */
final class JsonSize {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private JsonSize() {}

  static long of(JsonNode node) {
    Counter counter = new Counter();
    MAPPER.writeValue(counter, node);
    return counter.bytes;
  }

  /** An object member's name as written: quoted, escaped, with its colon. */
  static long ofName(String name) {
    return of(JsonNodeFactory.instance.stringNode(name)) + 1;
  }

  /** The UTF-8 length of text, without encoding it. */
  static long utf8(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static final class Counter extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      bytes += length;
    }
  }
}
