package io.ubernetes.agent.state;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** {@link StoredState} as gzip-compressed JSON, cut into chunks that fit in ConfigMaps. */
final class StateCodec {
  private final ObjectMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  byte[] encode(StoredState state) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      json.writeValue(gzip, state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  StoredState decode(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return json.readValue(in, StoredState.class);
    }
  }

  static List<byte[]> split(byte[] blob, int chunkSize) {
    List<byte[]> chunks = new ArrayList<>();
    for (int from = 0; from < blob.length; from += chunkSize) {
      chunks.add(Arrays.copyOfRange(blob, from, Math.min(blob.length, from + chunkSize)));
    }
    if (chunks.isEmpty()) {
      chunks.add(new byte[0]);
    }
    return chunks;
  }

  static byte[] join(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /** A short content digest: names the chunk ConfigMaps of one version of the state. */
  static String digest(byte[] blob) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
