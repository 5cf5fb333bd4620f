package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between stored rows and API objects. Client documents are read strictly (unknown fields
 * are errors); stored documents are read leniently, so that a field dropped from the schema in a
 * later version does not make old rows unreadable.
 */
@Component
class ResourceCodec {
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
  private static final TypeReference<List<ManagedFieldsEntry>> MANAGED_FIELDS =
      new TypeReference<>() {};

  private final JsonMapper strict;
  private final JsonMapper stored;

  ResourceCodec(JsonMapper jsonMapper) {
    this.strict = jsonMapper;
    this.stored =
        jsonMapper.rebuild().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
  }

  <R extends ApiObject<S, T>, S, T> R toObject(
      ResourceStrategy<R, S, T> strategy, ResourceEntity entity) {
    return strategy.assemble(
        metadata(entity),
        read(entity.spec(), strategy.specType()),
        read(entity.status(), strategy.statusType()));
  }

  /** The object as just written, from the values in hand rather than by reading them back. */
  <R extends ApiObject<S, T>, S, T> R toObject(
      ResourceStrategy<R, S, T> strategy,
      ResourceEntity entity,
      Map<String, String> labels,
      Map<String, String> annotations,
      S spec,
      T status) {
    return strategy.assemble(metadata(entity, labels, annotations), spec, status);
  }

  <T> T status(ResourceStrategy<?, ?, T> strategy, ResourceEntity entity) {
    return status(strategy, entity.status());
  }

  <S> S spec(ResourceStrategy<?, S, ?> strategy, String stored) {
    return read(stored, strategy.specType());
  }

  <T> T status(ResourceStrategy<?, ?, T> strategy, String stored) {
    return read(stored, strategy.statusType());
  }

  private ObjectMeta metadata(ResourceEntity entity) {
    return metadata(entity, readMap(entity.labels()), readMap(entity.annotations()));
  }

  private ObjectMeta metadata(
      ResourceEntity entity, Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMeta(
        entity.name(),
        entity.namespace().isEmpty() ? null : entity.namespace(),
        labels,
        annotations,
        entity.uid().toString(),
        Long.toString(entity.resourceVersion()),
        entity.generation(),
        timestamp(entity.createdAt()),
        managedFields(entity.managedFields()));
  }

  /** The stored managed fields; none when they cannot be read (they only inform writers). */
  List<ManagedFieldsEntry> managedFields(String json) {
    if (json == null) {
      return List.of();
    }
    try {
      return stored.readValue(json, MANAGED_FIELDS);
    } catch (JacksonException e) {
      return List.of();
    }
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  String write(Object value) {
    return strict.writeValueAsString(value);
  }

  JsonNode tree(Object value) {
    return strict.valueToTree(value);
  }

  /**
   * Reads a client's document; every field that does not fit the type is recorded in {@code errors}
   * (see {@link ClientDocuments}).
   */
  <V> V readClient(JsonNode document, Class<V> type, FieldErrors errors) {
    try {
      return ClientDocuments.read(strict, document, type, errors);
    } catch (JacksonException e) {
      throw JacksonErrors.toApiException(e);
    }
  }

  /** Whether two stored or storable JSON documents are equal, ignoring formatting and key order. */
  boolean sameDocument(String stored, String candidate) {
    return stored.equals(candidate) || strict.readTree(stored).equals(strict.readTree(candidate));
  }

  private <V> V read(String json, Class<V> type) {
    return stored.readValue(json, type);
  }

  private Map<String, String> readMap(String json) {
    return stored.readValue(json, STRING_MAP);
  }
}
