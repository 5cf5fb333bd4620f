package io.ubernetes.federation.resource;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.exc.ValueInstantiationException;
import tools.jackson.dataformat.yaml.YAMLParser;

/** Turns what Jackson could not read into a 400 that names the offending field. */
public final class JacksonErrors {
  private JacksonErrors() {}

  public static ApiException toApiException(JacksonException e) {
    FieldError error = fieldError(e);
    return ApiException.badRequest(error.field(), error.message());
  }

  /** The field that could not be read (the document itself: {@code body}) and why. */
  static FieldError fieldError(JacksonException e) {
    String path = path(e);
    String field = path.isEmpty() ? "body" : path;
    String message =
        switch (e) {
          case UnrecognizedPropertyException unknown ->
              "unknown field \"" + unknown.getPropertyName() + "\"";
          case InvalidNullException ignored -> "must not be null";
          case InvalidFormatException invalid ->
              "invalid value " + quote(invalid.getValue()) + ": expected " + typeName(invalid);
          case ValueInstantiationException invalid -> cause(invalid);
          case MismatchedInputException mismatched -> "expected " + typeName(mismatched);
          case InputCoercionException outOfRange -> firstLine(outOfRange);
          case StreamReadException malformed -> malformed(malformed);
          default -> firstLine(e);
        };
    if (e instanceof UnrecognizedPropertyException unknown) {
      field = path.isEmpty() ? unknown.getPropertyName() : path;
    }
    return new FieldError(field, message);
  }

  /** The JSON path of the failure, e.g. {@code spec.placement.preferences[0].weight}. */
  static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference reference : e.getPath()) {
      if (reference.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(reference.getPropertyName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String typeName(MismatchedInputException e) {
    Class<?> type = e.getTargetType();
    if (type == null) {
      return "a different value";
    }
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        values.append(i == 0 ? "" : ", ").append(wireName(type, (Enum<?>) constants[i]));
      }
      return values.toString();
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    return "an object";
  }

  private static String wireName(Class<?> type, Enum<?> constant) {
    try {
      JsonProperty property = type.getField(constant.name()).getAnnotation(JsonProperty.class);
      return property != null ? property.value() : constant.name();
    } catch (NoSuchFieldException e) {
      return constant.name();
    }
  }

  /**
   * A document that cannot be parsed, with the line and column where parsing stopped: YAML's own
   * problem and mark when the YAML parser gave them (Jackson's location is where it was told about
   * the problem, often the start of the enclosing block), else Jackson's location.
   */
  private static String malformed(StreamReadException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof MarkedYamlEngineException yaml && yaml.getProblem() != null) {
        Mark problem = yaml.getProblemMark().orElse(null);
        Mark context = yaml.getContextMark().orElse(null);
        return "malformed YAML"
            + (problem == null ? "" : " at " + position(problem))
            + ": "
            + yaml.getProblem()
            + (yaml.getContext() == null
                ? ""
                : " ("
                    + yaml.getContext()
                    + (context == null ? "" : " that starts at " + position(context))
                    + ")");
      }
    }
    String format = e.processor() instanceof YAMLParser ? "YAML" : "JSON";
    TokenStreamLocation location = e.getLocation();
    String where =
        location != null && location.getLineNr() > 0
            ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
            : "";
    return "malformed " + format + where + ": " + firstLine(e);
  }

  /** A YAML mark as people count: from line 1, column 1. */
  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String cause(ValueInstantiationException e) {
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
  }

  private static String quote(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }

  private static String firstLine(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
