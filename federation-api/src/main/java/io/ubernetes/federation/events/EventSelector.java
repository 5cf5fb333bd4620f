package io.ubernetes.federation.events;

import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A field selector over events, with the fields kube-apiserver offers for them ({@code
 * involvedObject.*}, {@code reason}, {@code type}, {@code source}, {@code reportingComponent},
 * {@code metadata.name} and {@code metadata.namespace}), with {@code =}, {@code ==} or {@code !=},
 * terms joined by commas: what {@code kubectl describe} and {@code kubectl events --for} send.
 */
public record EventSelector(List<Term> terms) {
  public static final EventSelector EVERYTHING = new EventSelector(List.of());

  /** One term; {@code column} is the table's column, or null for a field of one fixed value. */
  record Term(String field, String column, String fixed, boolean equal, String value) {
    boolean matches(EventRecord event) {
      return value.equals(valueOf(event)) == equal;
    }

    private String valueOf(EventRecord event) {
      if (column == null) {
        return fixed;
      }
      return switch (column) {
        case "namespace" -> event.namespace();
        case "name" -> event.name();
        case "object_kind" -> event.objectKind();
        case "object_namespace" -> event.objectNamespace();
        case "object_name" -> event.objectName();
        case "object_uid" -> event.objectUid().toString();
        case "type" -> event.type();
        case "reason" -> event.reason();
        default -> event.component();
      };
    }
  }

  /** Field, and the column it is stored in (null: the field has one value for every event). */
  private static final Map<String, String> COLUMNS =
      Map.ofEntries(
          Map.entry("metadata.name", "name"),
          Map.entry("metadata.namespace", "namespace"),
          Map.entry("involvedObject.kind", "object_kind"),
          Map.entry("involvedObject.namespace", "object_namespace"),
          Map.entry("involvedObject.name", "object_name"),
          Map.entry("involvedObject.uid", "object_uid"),
          Map.entry("type", "type"),
          Map.entry("reason", "reason"),
          Map.entry("source", "component"),
          Map.entry("reportingComponent", "component"));

  /** Fields every event has the same value of. */
  private static final Map<String, String> FIXED =
      Map.of(
          "involvedObject.apiVersion", EventRecord.OBJECT_API_VERSION,
          "involvedObject.resourceVersion", "",
          "involvedObject.fieldPath", "");

  /** Every field, in the order a refusal lists them. */
  public static final List<String> FIELDS =
      Stream.concat(COLUMNS.keySet().stream(), FIXED.keySet().stream()).sorted().toList();

  public EventSelector {
    terms = List.copyOf(terms);
  }

  /**
   * @throws ApiException 400 naming {@code fieldSelector} for an unknown field or a malformed term
   */
  public static EventSelector parse(String text) {
    List<Term> terms = new ArrayList<>();
    for (FieldSelector.Term term : FieldSelector.parse(text, FIELDS).terms()) {
      terms.add(
          new Term(
              term.field(),
              COLUMNS.get(term.field()),
              FIXED.get(term.field()),
              term.equal(),
              term.value()));
    }
    return new EventSelector(terms);
  }

  /** Whether the event has every field the terms ask for. */
  public boolean matches(EventRecord event) {
    return terms.stream().allMatch(term -> term.matches(event));
  }
}
