package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kubernetes field selector over the fields every kind offers: {@code metadata.name} and {@code
 * metadata.namespace}, with {@code =}, {@code ==} or {@code !=}, terms joined by commas.
 */
public record FieldSelector(List<Term> terms) {
  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  static final List<String> METADATA = List.of("metadata.name", "metadata.namespace");

  /** One term: {@code field=value}, {@code field==value} or ({@code equal} false) {@code !=}. */
  public record Term(String field, boolean equal, String value) {}

  public FieldSelector {
    terms = List.copyOf(terms);
  }

  /**
   * @throws ApiException 400 naming {@code fieldSelector} for any other field or a malformed term
   */
  static FieldSelector parse(String text) {
    return parse(text, METADATA);
  }

  /**
   * A field selector over these fields, as the API server parses one for a kind that offers them.
   *
   * @param fields the fields that may be selected on, in the order the refusal lists them
   * @throws ApiException 400 naming {@code fieldSelector} for any other field or a malformed term
   */
  public static FieldSelector parse(String text, List<String> fields) {
    if (text == null || text.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String term : text.split(",", -1)) {
      int at = term.indexOf("!=");
      boolean equal = at < 0;
      int length = 2;
      if (equal) {
        at = term.indexOf("==");
        if (at < 0) {
          at = term.indexOf('=');
          length = 1;
        }
      }
      if (at <= 0) {
        throw ApiException.badRequest(
            "fieldSelector", "\"" + term + "\" is not a term of the form field=value");
      }
      String field = term.substring(0, at).trim();
      if (!fields.contains(field)) {
        throw ApiException.badRequest(
            "fieldSelector",
            "\""
                + field
                + "\" is not a field label that can be selected on; supported: "
                + String.join(", ", fields));
      }
      terms.add(new Term(field, equal, term.substring(at + length).trim()));
    }
    return new FieldSelector(terms);
  }

  /** The one name an equality term asks for, or null. */
  String name() {
    return terms.stream()
        .filter(t -> t.equal() && t.field().equals("metadata.name"))
        .map(Term::value)
        .findFirst()
        .orElse(null);
  }

  boolean matches(String namespace, String name) {
    for (Term term : terms) {
      String value = term.field().equals("metadata.name") ? name : namespace;
      if (value.equals(term.value()) != term.equal()) {
        return false;
      }
    }
    return true;
  }
}
