package io.ubernetes.agent.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Kubernetes JSONPath (the subset {@code kubectl -o jsonpath} users write for one field), read
 * the same way by the agent and the federation: an optional {@code {...}} wrapper and leading
 * {@code $}; dotted fields ({@code .status.succeeded}); quoted keys ({@code
 * .metadata.annotations['example.com/x']}); indexes ({@code [0]}, {@code [-1]} from the end);
 * wildcards ({@code [*]}, {@code .*}); and filters ({@code [?(@.type=="Ready")]}, with {@code ==},
 * {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, or a bare {@code @.field} for "has
 * it"). Recursive descent, slices, unions and functions are refused at parse time, so a path the
 * federation accepted is one every agent evaluates.
 *
 * <p>Evaluates over plain JSON values: {@code Map<String, ?>}, {@code List<?>}, strings, numbers,
 * booleans and null.
 */
public final class JsonPath {
  private final String expression;
  private final List<Step> steps;

  private JsonPath(String expression, List<Step> steps) {
    this.expression = expression;
    this.steps = List.copyOf(steps);
  }

  /**
   * Reads a path.
   *
   * @throws InvalidJsonPathException naming what is wrong and where
   */
  public static JsonPath parse(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new InvalidJsonPathException("a JSONPath is required");
    }
    return new JsonPath(expression, new Parser(expression).path());
  }

  public String expression() {
    return expression;
  }

  /** Every value the path selects, in document order; empty when it selects none. */
  public List<Object> evaluate(Object root) {
    List<Object> current = new ArrayList<>();
    current.add(root);
    for (Step step : steps) {
      List<Object> next = new ArrayList<>();
      for (Object value : current) {
        step.apply(value, next);
      }
      current = next;
    }
    return current;
  }

  /**
   * What the path selects as one value: the value itself when it selects one, a list when it
   * selects several (or passed a wildcard or filter), empty when it selects none.
   */
  public Optional<Object> value(Object root) {
    List<Object> values = evaluate(root);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    boolean many =
        steps.stream().anyMatch(step -> step instanceof Wildcard || step instanceof Filter);
    if (!many && values.size() == 1) {
      return Optional.ofNullable(values.getFirst());
    }
    return Optional.of(values);
  }

  @Override
  public String toString() {
    return expression;
  }

  /** A path that cannot be read: the message says why and at which character. */
  public static final class InvalidJsonPathException extends IllegalArgumentException {
    InvalidJsonPathException(String message) {
      super(message);
    }
  }

  private sealed interface Step permits Field, Index, Wildcard, Filter {
    void apply(Object value, List<Object> out);
  }

  private record Field(String name) implements Step {
    @Override
    public void apply(Object value, List<Object> out) {
      if (value instanceof Map<?, ?> map && map.containsKey(name)) {
        out.add(map.get(name));
      }
    }
  }

  private record Index(int index) implements Step {
    @Override
    public void apply(Object value, List<Object> out) {
      if (value instanceof List<?> list) {
        int at = index < 0 ? list.size() + index : index;
        if (at >= 0 && at < list.size()) {
          out.add(list.get(at));
        }
      }
    }
  }

  private record Wildcard() implements Step {
    @Override
    public void apply(Object value, List<Object> out) {
      if (value instanceof List<?> list) {
        out.addAll(list);
      } else if (value instanceof Map<?, ?> map) {
        out.addAll(map.values());
      }
    }
  }

  /** {@code [?(@.path op literal)]}; without an operator, whether the element has the path. */
  private record Filter(List<Step> left, String operator, Object literal) implements Step {
    @Override
    public void apply(Object value, List<Object> out) {
      Iterable<?> elements =
          value instanceof List<?> list
              ? list
              : value instanceof Map<?, ?> map ? map.values() : List.of();
      for (Object element : elements) {
        if (matches(element)) {
          out.add(element);
        }
      }
    }

    private boolean matches(Object element) {
      List<Object> current = new ArrayList<>();
      current.add(element);
      for (Step step : left) {
        List<Object> next = new ArrayList<>();
        for (Object value : current) {
          step.apply(value, next);
        }
        current = next;
      }
      if (operator == null) {
        return !current.isEmpty() && current.getFirst() != null;
      }
      for (Object value : current) {
        if (compare(value)) {
          return true;
        }
      }
      return false;
    }

    private boolean compare(Object value) {
      if (value instanceof Number a && literal instanceof Number b) {
        int order = Double.compare(a.doubleValue(), b.doubleValue());
        return holds(order);
      }
      if (value instanceof String a && literal instanceof String b) {
        return holds(a.compareTo(b));
      }
      boolean equal = Objects.equals(value, literal);
      return switch (operator) {
        case "==" -> equal;
        case "!=" -> !equal;
        default -> false;
      };
    }

    private boolean holds(int order) {
      return switch (operator) {
        case "==" -> order == 0;
        case "!=" -> order != 0;
        case "<" -> order < 0;
        case "<=" -> order <= 0;
        case ">" -> order > 0;
        case ">=" -> order >= 0;
        default -> false;
      };
    }
  }

  private static final class Parser {
    private final String text;
    private int at;
    private int end;

    Parser(String text) {
      this.text = text.strip();
      this.end = this.text.length();
    }

    List<Step> path() {
      if (text.startsWith("{")) {
        if (!text.endsWith("}")) {
          throw error("a path that starts with { must end with }");
        }
        at = 1;
        end = text.length() - 1;
      }
      skipSpaces();
      if (at < end && text.charAt(at) == '$') {
        at++;
      }
      List<Step> steps = steps(false);
      skipSpaces();
      if (at < end) {
        throw error("unexpected '" + text.charAt(at) + "'");
      }
      return steps;
    }

    /** Steps up to the end, or (in a filter) up to the first character that is not a step. */
    private List<Step> steps(boolean inFilter) {
      List<Step> steps = new ArrayList<>();
      boolean first = true;
      while (at < end) {
        char c = text.charAt(at);
        if (c == '.') {
          at++;
          if (at < end && text.charAt(at) == '.') {
            throw error("recursive descent (..) is not supported");
          }
          if (at < end && text.charAt(at) == '*') {
            at++;
            steps.add(new Wildcard());
          } else {
            steps.add(new Field(name()));
          }
        } else if (c == '[') {
          steps.add(bracket());
        } else if (first && !inFilter && isNameChar(c)) {
          // A path written without its leading dot: status.succeeded.
          steps.add(new Field(name()));
        } else {
          break;
        }
        first = false;
      }
      if (!inFilter && steps.isEmpty() && at < end) {
        throw error("expected '.' or '['");
      }
      return steps;
    }

    private String name() {
      int start = at;
      while (at < end && isNameChar(text.charAt(at))) {
        at++;
      }
      if (start == at) {
        throw error("expected a field name");
      }
      return text.substring(start, at);
    }

    private static boolean isNameChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '$';
    }

    private Step bracket() {
      at++; // [
      skipSpaces();
      if (at >= end) {
        throw error("unclosed [");
      }
      char c = text.charAt(at);
      Step step;
      if (c == '*') {
        at++;
        step = new Wildcard();
      } else if (c == '\'' || c == '"') {
        step = new Field(quoted());
      } else if (c == '?') {
        step = filter();
      } else if (c == '-' || Character.isDigit(c)) {
        step = new Index(integer());
      } else {
        throw error("expected an index, '*', a quoted key or a filter in [...]");
      }
      skipSpaces();
      if (at < end && (text.charAt(at) == ':' || text.charAt(at) == ',')) {
        throw error("slices and unions are not supported");
      }
      expect(']');
      return step;
    }

    private Step filter() {
      at++; // ?
      skipSpaces();
      expect('(');
      skipSpaces();
      expect('@');
      List<Step> left = steps(true);
      if (left.isEmpty()) {
        throw error("a filter compares a field of @, e.g. @.type");
      }
      skipSpaces();
      String operator = null;
      Object literal = null;
      if (at < end && text.charAt(at) != ')') {
        operator = operator();
        skipSpaces();
        literal = literal();
        skipSpaces();
      }
      expect(')');
      skipSpaces();
      return new Filter(left, operator, literal);
    }

    private String operator() {
      for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
        if (text.startsWith(operator, at)) {
          at += operator.length();
          return operator;
        }
      }
      throw error("expected ==, !=, <, <=, > or >=");
    }

    private Object literal() {
      if (at >= end) {
        throw error("expected a value to compare with");
      }
      char c = text.charAt(at);
      if (c == '\'' || c == '"') {
        return quoted();
      }
      if (c == '-' || Character.isDigit(c)) {
        int start = at;
        at++;
        while (at < end && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
          at++;
        }
        try {
          String number = text.substring(start, at);
          return number.contains(".") ? Double.parseDouble(number) : Long.parseLong(number);
        } catch (NumberFormatException e) {
          throw error("not a number");
        }
      }
      for (String word : List.of("true", "false", "null")) {
        if (text.startsWith(word, at)) {
          at += word.length();
          return switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
          };
        }
      }
      throw error("expected a quoted string, a number, true, false or null");
    }

    private String quoted() {
      char quote = text.charAt(at++);
      StringBuilder value = new StringBuilder();
      while (at < end && text.charAt(at) != quote) {
        char c = text.charAt(at++);
        if (c == '\\' && at < end) {
          c = text.charAt(at++);
        }
        value.append(c);
      }
      if (at >= end) {
        throw error("unclosed quote");
      }
      at++;
      return value.toString();
    }

    private int integer() {
      int start = at;
      if (text.charAt(at) == '-') {
        at++;
      }
      while (at < end && Character.isDigit(text.charAt(at))) {
        at++;
      }
      try {
        return Integer.parseInt(text.substring(start, at));
      } catch (NumberFormatException e) {
        throw error("not an index");
      }
    }

    private void expect(char c) {
      if (at >= end || text.charAt(at) != c) {
        throw error("expected '" + c + "'");
      }
      at++;
    }

    private void skipSpaces() {
      while (at < end && text.charAt(at) == ' ') {
        at++;
      }
    }

    private InvalidJsonPathException error(String what) {
      return new InvalidJsonPathException(what + " at character " + (at + 1) + " of " + text);
    }
  }
}
