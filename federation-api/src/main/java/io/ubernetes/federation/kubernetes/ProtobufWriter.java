package io.ubernetes.federation.kubernetes;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A proto3 message written field by field with protobuf-java's {@link CodedOutputStream}, for the
 * documents whose schema we do not compile (gnostic's OpenAPI v2): each scalar field is left out
 * when it has its default value, as proto3 encoders do.
 */
final class ProtobufWriter {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

  ProtobufWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      write(() -> out.writeString(field, value));
    }
    return this;
  }

  ProtobufWriter bool(int field, boolean value) {
    if (value) {
      write(() -> out.writeBool(field, true));
    }
    return this;
  }

  ProtobufWriter int64(int field, long value) {
    if (value != 0) {
      write(() -> out.writeInt64(field, value));
    }
    return this;
  }

  ProtobufWriter float64(int field, double value) {
    if (value != 0) {
      write(() -> out.writeDouble(field, value));
    }
    return this;
  }

  /** A nested message, written even when empty: its presence can mean something (a oneof). */
  ProtobufWriter message(int field, ProtobufWriter message) {
    write(() -> out.writeByteArray(field, message.toBytes()));
    return this;
  }

  byte[] toBytes() {
    write(out::flush);
    return bytes.toByteArray();
  }

  private interface Write {
    void run() throws IOException;
  }

  private static void write(Write write) {
    try {
      write.run();
    } catch (IOException e) {
      // A byte array does not fail; the signature says it could.
      throw new UncheckedIOException(e);
    }
  }
}
