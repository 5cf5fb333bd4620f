package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed label selector in the Kubernetes query syntax: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}, joined by commas (all must hold).
 */
public record LabelSelector(List<Requirement> requirements) {

  /** How a requirement tests a label. */
  public enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  /** One comma-separated term of a selector. */
  public record Requirement(String key, Operator operator, List<String> values) {
    public Requirement {
      values = List.copyOf(values);
    }
  }

  public LabelSelector {
    requirements = List.copyOf(requirements);
  }

  public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

  public boolean isEverything() {
    return requirements.isEmpty();
  }

  /**
   * Parses {@code text}; a null or blank selector selects everything.
   *
   * @throws IllegalArgumentException naming what is wrong and where
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    return new Parser(text).selector();
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text;
    }

    LabelSelector selector() {
      List<Requirement> requirements = new ArrayList<>();
      do {
        requirements.add(requirement());
        skipSpaces();
      } while (consume(','));
      if (pos < text.length()) {
        throw error("expected ',' or the end of the selector");
      }
      return new LabelSelector(requirements);
    }

    private Requirement requirement() {
      skipSpaces();
      if (consume('!')) {
        return new Requirement(key(), Operator.DOES_NOT_EXIST, List.of());
      }
      String key = key();
      skipSpaces();
      if (pos >= text.length() || peek() == ',') {
        return new Requirement(key, Operator.EXISTS, List.of());
      }
      if (consume('!')) {
        expect('=');
        return new Requirement(key, Operator.NOT_EQUALS, List.of(value()));
      }
      if (consume('=')) {
        consume('=');
        return new Requirement(key, Operator.EQUALS, List.of(value()));
      }
      String word = word();
      Operator operator =
          switch (word) {
            case "in" -> Operator.IN;
            case "notin" -> Operator.NOT_IN;
            default ->
                throw error("expected one of =, ==, !=, in, notin after key \"" + key + "\"");
          };
      return new Requirement(key, operator, valueSet());
    }

    private List<String> valueSet() {
      skipSpaces();
      expect('(');
      List<String> values = new ArrayList<>();
      do {
        values.add(value());
        skipSpaces();
      } while (consume(','));
      expect(')');
      if (values.size() == 1 && values.getFirst().isEmpty()) {
        throw error("a set needs at least one value");
      }
      return values;
    }

    private String key() {
      skipSpaces();
      String key = word();
      if (!KubernetesValidation.isQualifiedName(key)) {
        throw error("\"" + key + "\" is not a valid label key");
      }
      return key;
    }

    private String value() {
      skipSpaces();
      String value = word();
      if (!KubernetesValidation.isLabelValue(value)) {
        throw error("\"" + value + "\" is not a valid label value");
      }
      return value;
    }

    private String word() {
      int start = pos;
      while (pos < text.length() && isWordChar(text.charAt(pos))) {
        pos++;
      }
      return text.substring(start, pos);
    }

    private static boolean isWordChar(char c) {
      return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      return text.charAt(pos);
    }

    private boolean consume(char c) {
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      skipSpaces();
      if (!consume(c)) {
        throw error("expected '" + c + "'");
      }
    }

    private IllegalArgumentException error(String message) {
      return new IllegalArgumentException(message + " at position " + pos + " of \"" + text + "\"");
    }
  }
}
