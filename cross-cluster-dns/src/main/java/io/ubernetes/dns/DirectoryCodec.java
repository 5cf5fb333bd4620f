package io.ubernetes.dns;

import io.ubernetes.dns.records.Directory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The records document as JSON: the body of the federation's feed, and the records file. */
public final class DirectoryCodec {
  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private DirectoryCodec() {}

  public static Directory read(String json) {
    return JSON.readValue(json, Directory.class);
  }

  public static String write(Directory directory) {
    return JSON.writeValueAsString(directory);
  }
}
