package io.ubernetes.kubectl;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine.Option;

/**
 * The {@code -o} option of every command: a table for people, or JSON or YAML of the same record
 * for scripts (its fields are the shape scripts may rely on; absent values are left out).
 */
final class Output {
  enum Format {
    table,
    json,
    yaml
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table (default), json or yaml")
  Format format = Format.table;

  /** Prints {@code value} as the format asks, its table being {@code table}. */
  void print(PrintWriter out, Object value, String table) {
    try {
      switch (format) {
        case table -> out.print(table);
        case json -> out.println(JSON.writeValueAsString(value));
        case yaml -> out.print(YAML.writeValueAsString(value));
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }
}
