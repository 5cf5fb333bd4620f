package io.ubernetes.federation.kubernetes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol buffers' wire format, the little of it a proto3 document needs: strings, booleans,
 * integers, doubles and nested messages, each field left out when it has its default value.
 */
final class ProtobufWriter {
  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  ProtobufWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  ProtobufWriter bool(int field, boolean value) {
    if (value) {
      tag(field, VARINT);
      varint(1);
    }
    return this;
  }

  ProtobufWriter int64(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      varint(value);
    }
    return this;
  }

  ProtobufWriter float64(int field, double value) {
    if (value != 0) {
      tag(field, FIXED64);
      long bits = Double.doubleToLongBits(value);
      for (int i = 0; i < 8; i++) {
        out.write((int) (bits >>> (8 * i)) & 0xff);
      }
    }
    return this;
  }

  /** A nested message, written even when empty: its presence can mean something (a oneof). */
  ProtobufWriter message(int field, ProtobufWriter message) {
    bytes(field, message.toBytes());
    return this;
  }

  byte[] toBytes() {
    return out.toByteArray();
  }

  private void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    out.writeBytes(value);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    long rest = value;
    while ((rest & ~0x7fL) != 0) {
      out.write((int) ((rest & 0x7f) | 0x80));
      rest >>>= 7;
    }
    out.write((int) rest);
  }
}
