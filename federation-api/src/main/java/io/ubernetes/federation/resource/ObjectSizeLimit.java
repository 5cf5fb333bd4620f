package io.ubernetes.federation.resource;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The largest object the store keeps ({@code ubernetes.api.max-object-size}, 1.5 MiB by default as
 * Kubernetes keeps in etcd): the compact JSON of its labels, annotations, spec and status, in UTF-8
 * bytes. Every write is checked against it: a client's is refused with 413 naming the largest part,
 * the system's status writes are logged and left out.
 */
@Component
public class ObjectSizeLimit {
  public static final String PROPERTY = "ubernetes.api.max-object-size";
  public static final long DEFAULT_BYTES = 1536 * 1024;

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final long bytes;

  ObjectSizeLimit(@Value("${" + PROPERTY + ":1536KB}") DataSize limit) {
    this.bytes = limit.toBytes();
  }

  public long bytes() {
    return bytes;
  }

  static String exceeded(long size, long limit) {
    return "the object would be "
        + size
        + " bytes, over the limit of "
        + limit
        + " bytes ("
        + PROPERTY
        + ")";
  }

  /**
   * The size of an object made of these JSON documents (written by this service, or as PostgreSQL
   * renders stored ones, with a space after each separator), or -1 when it is within the limit.
   * Their text lengths are counted first; only an object that might be over the limit is measured
   * compactly.
   */
  long oversize(Iterable<String> documents) {
    long upperBound = 0;
    for (String document : documents) {
      upperBound += JsonSize.utf8(document);
    }
    if (upperBound <= bytes) {
      return -1;
    }
    long size = 0;
    for (String document : documents) {
      size += JsonSize.of(MAPPER.readTree(document));
    }
    return size <= bytes ? -1 : size;
  }

  /**
   * Refuses with 413 an object whose parts (by field, as errors name them) are over the limit,
   * naming the largest part.
   */
  void check(Map<String, String> parts) {
    long size = oversize(parts.values());
    if (size >= 0) {
      String largest =
          parts.entrySet().stream()
              .max(Map.Entry.comparingByValue(java.util.Comparator.comparingInt(String::length)))
              .orElseThrow()
              .getKey();
      throw ApiException.tooLarge(largest, exceeded(size, bytes));
    }
  }

  /**
   * Refuses with 413 a whole document over {@code limit}, naming its largest member (and the
   * largest member of {@code metadata}, when that is the largest).
   */
  static void check(JsonNode document, long limit) {
    long size = JsonSize.of(document);
    if (size > limit) {
      String field = largestMember(document);
      String inMetadata = largestMember(document.get("metadata"));
      if ("metadata".equals(field) && !inMetadata.isEmpty()) {
        field = "metadata." + inMetadata;
      }
      throw ApiException.tooLarge(field.isEmpty() ? "body" : field, exceeded(size, limit));
    }
  }

  private static String largestMember(JsonNode node) {
    String largest = "";
    long largestSize = -1;
    if (node != null && node.isObject()) {
      for (var member : node.properties()) {
        long size = JsonSize.of(member.getValue());
        if (size > largestSize) {
          largest = member.getKey();
          largestSize = size;
        }
      }
    }
    return largest;
  }
}
