package io.ubernetes.federation.kubernetes;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Structural OpenAPI schemas of the records the API binds, walked by reflection, so that what
 * kubectl explains and validates is what the service reads: every component becomes a property
 * under its JSON name, with its type, its {@code @Schema} facts (default, bounds, allowed values)
 * and a description ({@link SchemaDescriptions}). Lists are atomic unless the kind's strategy
 * declares them maps keyed by fields of their items.
 */
final class RecordSchemas {
  /** A type kubectl cannot describe from our records: fail at start-up, not in a client. */
  static final class UnsupportedType extends IllegalStateException {
    UnsupportedType(String path, Type type) {
      super("no OpenAPI schema for " + path + " of type " + type.getTypeName());
    }
  }

  private final SchemaDescriptions descriptions;
  private final Map<String, List<String>> listMapKeys;

  /**
   * @param listMapKeys lists that are maps, by path from the object's root ({@code
   *     status.conditions})
   */
  RecordSchemas(SchemaDescriptions descriptions, Map<String, List<String>> listMapKeys) {
    this.descriptions = descriptions;
    this.listMapKeys = Map.copyOf(listMapKeys);
  }

  /**
   * The properties of {@code record}, each described, at {@code path} from the object's root.
   *
   * @param path empty for the root, else ending in a dot, e.g. {@code spec.}
   */
  Map<String, Object> properties(Class<?> record, String path) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (RecordComponent component : record.getRecordComponents()) {
      String name = jsonName(component);
      Map<String, Object> schema = schema(component.getGenericType(), path + name);
      Schema facts = annotation(component, Schema.class);
      if (facts != null) {
        apply(facts, schema);
      }
      ArraySchema array = annotation(component, ArraySchema.class);
      if (array != null) {
        if (array.minItems() != Integer.MAX_VALUE) {
          schema.put("minItems", array.minItems());
        }
        if (array.maxItems() != Integer.MIN_VALUE) {
          schema.put("maxItems", array.maxItems());
        }
      }
      String description = descriptions.of(record, component.getName(), facts);
      if (description != null) {
        schema.put("description", description);
      }
      properties.put(name, schema);
    }
    return properties;
  }

  /** The fields of {@code record} a client must set, as its {@code @Schema} annotations say. */
  static List<String> required(Class<?> record) {
    List<String> required = new ArrayList<>();
    for (RecordComponent component : record.getRecordComponents()) {
      Schema facts = annotation(component, Schema.class);
      ArraySchema array = annotation(component, ArraySchema.class);
      if ((facts != null && facts.requiredMode() == Schema.RequiredMode.REQUIRED)
          || (array != null
              && array.arraySchema().requiredMode() == Schema.RequiredMode.REQUIRED)) {
        required.add(jsonName(component));
      }
    }
    return required;
  }

  /** The schema of a value of {@code type} found at {@code path}. */
  Map<String, Object> schema(Type type, String path) {
    Map<String, Object> schema = new LinkedHashMap<>();
    if (type instanceof ParameterizedType generic) {
      Class<?> raw = (Class<?>) generic.getRawType();
      Type[] arguments = generic.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        schema.put("type", "array");
        Map<String, Object> items = schema(arguments[0], path + "[]");
        List<String> keys = listMapKeys.get(path);
        if (keys != null) {
          schema.put("x-kubernetes-list-type", "map");
          schema.put("x-kubernetes-list-map-keys", List.copyOf(keys));
          // Kubernetes requires the keys of a map-list's items to be set.
          List<String> required = new ArrayList<>(keys);
          items.put("required", required);
        } else {
          schema.put("x-kubernetes-list-type", "atomic");
        }
        schema.put("items", items);
        return schema;
      }
      if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
        schema.put("type", "object");
        schema.put("additionalProperties", schema(arguments[1], path + "{}"));
        return schema;
      }
      throw new UnsupportedType(path, type);
    }
    if (!(type instanceof Class<?> cls)) {
      throw new UnsupportedType(path, type);
    }
    if (cls == String.class) {
      schema.put("type", "string");
    } else if (cls == Integer.class || cls == int.class) {
      schema.put("type", "integer");
      schema.put("format", "int32");
    } else if (cls == Long.class || cls == long.class) {
      schema.put("type", "integer");
      schema.put("format", "int64");
    } else if (cls == Boolean.class || cls == boolean.class) {
      schema.put("type", "boolean");
    } else if (cls == Double.class || cls == double.class) {
      schema.put("type", "number");
      schema.put("format", "double");
    } else if (cls == BigDecimal.class) {
      schema.put("type", "number");
    } else if (JsonNode.class.isAssignableFrom(cls)) {
      // Native Kubernetes objects and patches, stored as given: any JSON object.
      schema.put("type", "object");
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    } else if (cls == Object.class) {
      // Any JSON value a member reports (a status field asked for by JSONPath): no type.
      schema.put("x-kubernetes-preserve-unknown-fields", true);
    } else if (cls.isEnum()) {
      schema.put("type", "string");
      schema.put("enum", enumValues(cls));
    } else if (isIntOrString(cls)) {
      schema.put("x-kubernetes-int-or-string", true);
    } else if (cls.isRecord()) {
      schema.put("type", "object");
      schema.put("properties", properties(cls, path + "."));
      List<String> required = required(cls);
      if (!required.isEmpty()) {
        schema.put("required", required);
      }
    } else {
      throw new UnsupportedType(path, type);
    }
    return schema;
  }

  /** The values an enum takes on the wire: its {@code @JsonProperty} names. */
  static List<String> enumValues(Class<?> type) {
    List<String> values = new ArrayList<>();
    for (Object constant : type.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        JsonProperty property = type.getField(name).getAnnotation(JsonProperty.class);
        values.add(property != null ? property.value() : name);
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException(e);
      }
    }
    return values;
  }

  /**
   * Records written as either a number or a string (IntOrString, IntOrPercent): two components, an
   * Integer and a String, of which exactly one is set.
   */
  private static boolean isIntOrString(Class<?> cls) {
    if (!cls.isRecord()) {
      return false;
    }
    RecordComponent[] components = cls.getRecordComponents();
    return components.length == 2
        && components[0].getType() == Integer.class
        && components[1].getType() == String.class
        && cls.getSimpleName().startsWith("IntOr");
  }

  private static void apply(Schema facts, Map<String, Object> schema) {
    Object type = schema.get("type");
    if (!facts.defaultValue().isEmpty()) {
      schema.put("default", typed(facts.defaultValue(), type));
    }
    if (!facts.minimum().isEmpty()) {
      schema.put("minimum", typed(facts.minimum(), type));
    }
    if (!facts.maximum().isEmpty()) {
      schema.put("maximum", typed(facts.maximum(), type));
    }
    if (facts.maxLength() != Integer.MAX_VALUE) {
      schema.put("maxLength", facts.maxLength());
    }
    if (facts.allowableValues().length > 0) {
      schema.put("enum", List.of(facts.allowableValues()));
    }
  }

  /** A value written in an annotation, as the JSON type of the property it applies to. */
  private static Object typed(String value, Object type) {
    if ("integer".equals(type)) {
      return Long.parseLong(value);
    }
    if ("number".equals(type)) {
      return new BigDecimal(value);
    }
    if ("boolean".equals(type)) {
      return Boolean.parseBoolean(value);
    }
    return value;
  }

  /** The name of a component in JSON: its {@code @JsonProperty} name, else its own. */
  static String jsonName(RecordComponent component) {
    JsonProperty property = annotation(component, JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : component.getName();
  }

  /**
   * An annotation written on a record component: Java puts it on the accessor, the field or the
   * constructor parameter, depending on the annotation's targets.
   */
  static <A extends java.lang.annotation.Annotation> A annotation(
      RecordComponent component, Class<A> type) {
    A found = component.getAccessor().getAnnotation(type);
    if (found != null) {
      return found;
    }
    try {
      Field field = component.getDeclaringRecord().getDeclaredField(component.getName());
      return ((AnnotatedElement) field).getAnnotation(type);
    } catch (NoSuchFieldException e) {
      return null;
    }
  }
}
