package io.ubernetes.federation.kubernetes;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.ubernetes.federation.resource.ApiException;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Kubernetes' protobuf wire form, as client-go sends built-in kinds: the magic {@code k8s\0}, then
 * a {@code runtime.Unknown} (1: typeMeta {1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4:
 * contentType) whose {@code raw} is the object's own message. Only what the access reviews need is
 * read: the strings and nested messages of an object, by field number.
 *
 * @param raw the object's message
 */
record ProtobufEnvelope(String apiVersion, String kind, ByteString raw) {
  static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
  private static final byte[] MAGIC = {'k', '8', 's', 0};

  /** Reads an envelope; a body that is not one is a 400 naming the body. */
  static ProtobufEnvelope read(byte[] body) {
    if (body.length < MAGIC.length
        || !Arrays.equals(body, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw ApiException.badRequest(
          "body", "not a Kubernetes protobuf message: it does not start with k8s\\0");
    }
    Map<Integer, ByteString> unknown =
        fields(ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
    Map<Integer, ByteString> typeMeta = fields(unknown.getOrDefault(1, ByteString.EMPTY));
    return new ProtobufEnvelope(
        string(typeMeta, 1), string(typeMeta, 2), unknown.getOrDefault(2, ByteString.EMPTY));
  }

  /**
   * The length-delimited fields of a message (strings, bytes, nested messages) by number; other
   * fields are skipped. A malformed message is a 400 naming the body.
   */
  static Map<Integer, ByteString> fields(ByteString message) {
    Map<Integer, ByteString> fields = new HashMap<>();
    CodedInputStream in = message.newCodedInput();
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          fields.put(WireFormat.getTagFieldNumber(tag), in.readBytes());
        } else if (!in.skipField(tag)) {
          break;
        }
      }
    } catch (IOException e) {
      throw ApiException.badRequest("body", "a malformed protobuf message: " + e.getMessage());
    }
    return fields;
  }

  /** A string field; empty when absent, as protobuf has it. */
  static String string(Map<Integer, ByteString> fields, int number) {
    ByteString value = fields.get(number);
    return value == null ? "" : value.toStringUtf8();
  }

  /** A nested message's fields; none when absent. */
  static Map<Integer, ByteString> message(Map<Integer, ByteString> fields, int number) {
    ByteString value = fields.get(number);
    return value == null ? Map.of() : fields(value);
  }
}
