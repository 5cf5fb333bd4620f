package io.ubernetes.federation.service;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A port number or a port name, written {@code 8080} or {@code "http"}, as a Kubernetes Service's
 * {@code targetPort}. Stored as given.
 */
@Schema(
    name = "IntOrString",
    description = "an integer, or a string such as \"http\"",
    oneOf = {Integer.class, String.class},
    example = "8080")
public record IntOrString(Integer number, String text) {

  public IntOrString {
    if ((number == null) == (text == null)) {
      throw new IllegalArgumentException("exactly one of number and text");
    }
  }

  public static IntOrString of(int number) {
    return new IntOrString(number, null);
  }

  public static IntOrString of(String text) {
    return new IntOrString(null, text);
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static IntOrString read(Object value) {
    return switch (value) {
      case Integer number -> new IntOrString(number, null);
      case String text -> new IntOrString(null, text);
      default -> throw new IllegalArgumentException("expected a port number or a port name");
    };
  }

  /** The number or the string, as written on the wire. */
  @JsonValue
  public Object value() {
    return number != null ? number : text;
  }

  public boolean isNumber() {
    return number != null;
  }

  @Override
  public String toString() {
    return String.valueOf(value());
  }
}
