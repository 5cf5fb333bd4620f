package io.ubernetes.federation.workload;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of replicas or a percentage of them, written {@code 2} or {@code "25%"}, as in a
 * Deployment's rolling update. Stored as given; {@link #validate} says whether it is well formed.
 */
@Schema(
    name = "IntOrPercent",
    description = "an integer, or a percentage such as \"25%\"",
    oneOf = {Integer.class, String.class},
    example = "25%")
public record IntOrPercent(Integer number, String text) {
  private static final Pattern PERCENT = Pattern.compile("([0-9]{1,7})%");

  public IntOrPercent {
    if ((number == null) == (text == null)) {
      throw new IllegalArgumentException("exactly one of number and text");
    }
  }

  public static IntOrPercent of(int number) {
    return new IntOrPercent(number, null);
  }

  public static IntOrPercent percent(int percent) {
    return new IntOrPercent(null, percent + "%");
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static IntOrPercent read(Object value) {
    return switch (value) {
      case Integer number -> new IntOrPercent(number, null);
      case String text -> new IntOrPercent(null, text);
      default ->
          throw new IllegalArgumentException("expected an integer or a percentage such as \"25%\"");
    };
  }

  @JsonValue
  Object value() {
    return number != null ? number : text;
  }

  /** Whether it is a percentage rather than a number of replicas. */
  public boolean isPercent() {
    return text != null;
  }

  /** The number, or the percentage without its sign; only for a value that {@link #validate}d. */
  public int amount() {
    if (number != null) {
      return number;
    }
    Matcher matcher = PERCENT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalStateException("not a percentage: " + text);
    }
    return Integer.parseInt(matcher.group(1));
  }

  /**
   * Checks it is a number in {@code [0, maxNumber]} or a percentage in {@code [0%, maxPercent%]}.
   *
   * @return an error message, or null when valid
   */
  String validate(int maxNumber, int maxPercent) {
    if (number != null) {
      return number < 0 || number > maxNumber
          ? "must be between 0 and " + maxNumber + ", got " + number
          : null;
    }
    Matcher matcher = PERCENT.matcher(text);
    if (!matcher.matches()) {
      return "must be an integer or a percentage such as \"25%\", got \"" + text + "\"";
    }
    int percent = Integer.parseInt(matcher.group(1));
    return percent > maxPercent
        ? "must be between 0% and " + maxPercent + "%, got \"" + text + "\""
        : null;
  }

  @Override
  public String toString() {
    return String.valueOf(value());
  }
}
