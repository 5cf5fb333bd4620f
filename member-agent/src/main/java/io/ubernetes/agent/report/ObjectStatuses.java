package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.JsonPath;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.ObjectStatus;
import io.ubernetes.agent.protocol.WorkItem;
import io.ubernetes.agent.sync.Reconciler;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How each object of a work item is doing ({@link BuiltInHealth}) and the values its feedback rules
 * ask for. Objects come from the drift informers' caches, so judging them costs no request once the
 * informers have synced; an object is judged again only when its resource version or the rules
 * change.
 */
final class ObjectStatuses {
  /** Feedback values per object, and the JSON length of each: status, not a copy of the object. */
  static final int MAX_VALUES = 16;

  static final int MAX_VALUE_LENGTH = 2048;

  private final Reconciler reconciler;
  private final KubernetesSerialization serialization;
  private final Map<ObjectRef, Judged> judged = new HashMap<>();
  private final Map<String, Optional<JsonPath>> paths = new HashMap<>();

  private record Judged(String resourceVersion, List<FeedbackRule> rules, ObjectStatus status) {}

  ObjectStatuses(Reconciler reconciler, KubernetesSerialization serialization) {
    this.reconciler = reconciler;
    this.serialization = serialization;
  }

  /** Every object of the item, in the item's order. */
  List<ObjectStatus> of(WorkItem item, Set<ObjectRef> refs) {
    return refs.stream().map(ref -> of(ref, item.feedback())).toList();
  }

  /** Forgets the objects no longer desired. */
  void retain(Set<ObjectRef> desired) {
    judged.keySet().retainAll(desired);
    if (paths.size() > 1024) {
      paths.clear();
    }
  }

  private ObjectStatus of(ObjectRef ref, List<FeedbackRule> rules) {
    Optional<HasMetadata> live = reconciler.live(ref);
    if (live.isEmpty()) {
      judged.remove(ref);
      return new ObjectStatus(
          ref.apiVersion(),
          ref.kind(),
          ref.namespace(),
          ref.name(),
          ObjectStatus.PROGRESSING,
          "NotFound",
          "not in the cluster",
          null);
    }
    String version = live.get().getMetadata().getResourceVersion();
    Judged before = judged.get(ref);
    if (before != null
        && version != null
        && version.equals(before.resourceVersion())
        && before.rules().equals(rules)) {
      return before.status();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = serialization.convertValue(live.get(), LinkedHashMap.class);
    ObjectStatus status = judge(ref, object, rules, this::path, serialization::asJson);
    judged.put(ref, new Judged(version, rules, status));
    return status;
  }

  private Optional<JsonPath> path(String expression) {
    return paths.computeIfAbsent(
        expression,
        e -> {
          try {
            return Optional.of(JsonPath.parse(e));
          } catch (JsonPath.InvalidJsonPathException invalid) {
            // The federation validates paths: one it sent that does not parse is left out.
            return Optional.empty();
          }
        });
  }

  /**
   * The object's status: its built-in verdict (null health when there is none) and the values of
   * the feedback paths of every rule that names it, at most {@value #MAX_VALUES}, each whose JSON
   * is at most {@value #MAX_VALUE_LENGTH} characters (a longer one, or one that holds a JSON null,
   * is left out).
   */
  static ObjectStatus judge(
      ObjectRef ref,
      Map<String, Object> object,
      List<FeedbackRule> rules,
      Function<String, Optional<JsonPath>> parse,
      Function<Object, String> json) {
    BuiltInHealth.Verdict verdict = BuiltInHealth.of(object);
    Map<String, Object> feedback = new LinkedHashMap<>();
    for (FeedbackRule rule : rules) {
      if (!names(rule, ref)) {
        continue;
      }
      for (FeedbackRule.FeedbackPath field : rule.paths()) {
        if (feedback.size() == MAX_VALUES) {
          break;
        }
        if (field.name() == null || field.path() == null || feedback.containsKey(field.name())) {
          continue;
        }
        parse
            .apply(field.path())
            .flatMap(path -> path.value(object))
            .filter(value -> !holdsNull(value))
            .filter(value -> json.apply(value).length() <= MAX_VALUE_LENGTH)
            .ifPresent(value -> feedback.put(field.name(), value));
      }
    }
    return new ObjectStatus(
        ref.apiVersion(),
        ref.kind(),
        ref.namespace(),
        ref.name(),
        verdict == null ? null : verdict.health(),
        verdict == null ? null : verdict.reason(),
        verdict == null ? null : verdict.message(),
        feedback);
  }

  /** JSON nulls inside a value are left out whole: the federation's reader refuses them. */
  private static boolean holdsNull(Object value) {
    if (value instanceof Map<?, ?> map) {
      return map.values().stream().anyMatch(v -> v == null || holdsNull(v));
    }
    if (value instanceof List<?> list) {
      return list.stream().anyMatch(v -> v == null || holdsNull(v));
    }
    return false;
  }

  private static boolean names(FeedbackRule rule, ObjectRef ref) {
    return Objects.equals(rule.kind(), ref.kind())
        && (rule.apiVersion() == null || rule.apiVersion().equals(ref.apiVersion()))
        && (rule.name() == null || rule.name().equals(ref.name()));
  }
}
