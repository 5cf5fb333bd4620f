package io.ubernetes.federation.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import io.ubernetes.federation.resource.ObjectSizeLimit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Reads API documents as strictly as the Kubernetes API server with strict field validation:
 * unknown and duplicate fields, nulls inside lists and maps, and values of the wrong type (a string
 * for a number, 1.5 for an integer) are errors. JSON and YAML follow the same rules. Bodies that
 * are API objects report every such error at once ({@link ApiObjectConverters}).
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration implements WebMvcConfigurer {
  // Looked up late: the mapper is built with this configuration's customizer.
  private final ObjectProvider<JsonMapper> jsonMapper;
  private final ObjectSizeLimit sizeLimit;

  JacksonConfiguration(ObjectProvider<JsonMapper> jsonMapper, ObjectSizeLimit sizeLimit) {
    this.jsonMapper = jsonMapper;
    this.sizeLimit = sizeLimit;
  }

  static <B extends MapperBuilder<?, B>> B strict(B builder) {
    return builder
        .enable(
            DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
            DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
            DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        // PostgreSQL's jsonb keeps no key order: sorted, a write's answer is what a read gives.
        .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .changeDefaultPropertyInclusion(
            inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_EMPTY))
        .changeDefaultNullHandling(nulls -> JsonSetter.Value.forContentNulls(Nulls.FAIL));
  }

  @Bean
  JsonMapperBuilderCustomizer strictApiDocuments() {
    return JacksonConfiguration::strict;
  }

  /**
   * Takes the place of Spring Boot's JSON and YAML converters, in their place in the list (a
   * converter bean would go first, before the byte array converter that serves the OpenAPI
   * document).
   */
  @Override
  public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
    builder.withJsonConverter(new ApiObjectConverters.Json(jsonMapper.getObject()));
    YAMLMapper yaml =
        strict(YAMLMapper.builder())
            .enable(
                YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();
    builder.withYamlConverter(new ApiObjectConverters.Yaml(yaml, sizeLimit.bytes()));
  }
}
