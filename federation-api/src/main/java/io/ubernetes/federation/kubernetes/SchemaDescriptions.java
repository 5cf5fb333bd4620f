package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * What each field of the API means, as {@code kubectl explain} prints it. A component's own
 * {@code @Schema(description)} wins; the others are in {@code openapi-descriptions.properties},
 * keyed by the record's name within its package and the component ({@code WorkloadSpec.replicas},
 * {@code MemberClusterSpec.Cost.cpuCoreHour}), falling back to an interface the record implements
 * ({@code ApiObject.metadata}) for the fields every kind shares. Javadoc does not survive
 * compilation, hence the file; {@code OpenApiDocumentTest} fails on any field left undescribed.
 */
final class SchemaDescriptions {
  private static final String FILE = "openapi-descriptions.properties";

  private final Properties texts = new Properties();

  SchemaDescriptions() {
    try (InputStream in = SchemaDescriptions.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is missing from the classpath");
      }
      texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The description of a component, or null when it has none. */
  String of(Class<?> record, String component, Schema facts) {
    if (facts != null && !facts.description().isEmpty()) {
      return facts.description();
    }
    String text = texts.getProperty(key(record) + "." + component);
    if (text != null) {
      return text;
    }
    for (Class<?> type : record.getInterfaces()) {
      text = texts.getProperty(key(type) + "." + component);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  /** The description of a type as a whole, e.g. a kind. */
  String ofType(Class<?> type) {
    Schema facts = type.getAnnotation(Schema.class);
    if (facts != null && !facts.description().isEmpty()) {
      return facts.description();
    }
    return texts.getProperty(key(type));
  }

  /**
   * {@code MemberClusterSpec.Cost} for {@code
   * io.ubernetes.federation.cluster.MemberClusterSpec$Cost}.
   */
  private static String key(Class<?> type) {
    String name = type.getName();
    return name.substring(name.lastIndexOf('.') + 1).replace('$', '.');
  }
}
