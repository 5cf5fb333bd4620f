package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionCondition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionConditionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNames;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionNamesBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatus;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * CustomResourceDefinitions: the API server's naming and establishing controllers, simplified. A
 * definition's names are accepted as given (no conflict check), and it is {@code Established} in
 * the pass after it is seen, with the conditions, accepted names and stored versions a real API
 * server writes, so that whoever waits for {@code Established=True} before creating custom
 * resources sees it happen. The mock API server serves the custom resources from the moment the
 * definition exists.
 */
final class CustomResourceDefinitionController {
  static final String NAMES_ACCEPTED = "NamesAccepted";
  static final String ESTABLISHED = "Established";

  private final Mirror<CustomResourceDefinition> definitions;

  CustomResourceDefinitionController(Mirror<CustomResourceDefinition> definitions) {
    this.definitions = definitions;
  }

  void reconcile(Instant now) {
    for (CustomResourceDefinition definition : definitions.items()) {
      if (definition.getMetadata().getDeletionTimestamp() != null
          || definition.getSpec() == null
          || definition.getSpec().getNames() == null) {
        continue;
      }
      CustomResourceDefinitionStatus before =
          definition.getStatus() == null
              ? new CustomResourceDefinitionStatus()
              : definition.getStatus();
      String time = PodLifecycle.timestamp(now);
      CustomResourceDefinitionStatus after =
          new CustomResourceDefinitionStatusBuilder(before)
              .withAcceptedNames(accepted(definition.getSpec().getNames()))
              .withConditions(
                  condition(before, NAMES_ACCEPTED, "NoConflicts", "no conflicts found", time),
                  condition(
                      before,
                      ESTABLISHED,
                      "InitialNamesAccepted",
                      "the initial names have been accepted",
                      time))
              .withStoredVersions(storedVersions(definition, before))
              .build();
      if (!after.equals(definition.getStatus())) {
        definitions.updateStatus(
            new CustomResourceDefinitionBuilder(definition).withStatus(after).build());
      }
    }
  }

  /** The names with the defaults the API server fills in: singular and list kind. */
  private static CustomResourceDefinitionNames accepted(CustomResourceDefinitionNames names) {
    CustomResourceDefinitionNamesBuilder accepted = new CustomResourceDefinitionNamesBuilder(names);
    if (names.getSingular() == null && names.getKind() != null) {
      accepted.withSingular(names.getKind().toLowerCase(Locale.ROOT));
    }
    if (names.getListKind() == null && names.getKind() != null) {
      accepted.withListKind(names.getKind() + "List");
    }
    return accepted.build();
  }

  /** Every version ever stored: the ones before, and the storage version now. */
  private static List<String> storedVersions(
      CustomResourceDefinition definition, CustomResourceDefinitionStatus before) {
    List<String> stored =
        before.getStoredVersions() == null
            ? new ArrayList<>()
            : new ArrayList<>(before.getStoredVersions());
    if (definition.getSpec().getVersions() != null) {
      definition.getSpec().getVersions().stream()
          .filter(v -> Boolean.TRUE.equals(v.getStorage()))
          .map(CustomResourceDefinitionVersion::getName)
          .filter(Objects::nonNull)
          .filter(name -> !stored.contains(name))
          .forEach(stored::add);
    }
    return stored;
  }

  /** True since it first became true: its transition time stays. */
  private static CustomResourceDefinitionCondition condition(
      CustomResourceDefinitionStatus before,
      String type,
      String reason,
      String message,
      String time) {
    if (before.getConditions() != null) {
      for (CustomResourceDefinitionCondition condition : before.getConditions()) {
        if (type.equals(condition.getType()) && "True".equals(condition.getStatus())) {
          return condition;
        }
      }
    }
    return new CustomResourceDefinitionConditionBuilder()
        .withType(type)
        .withStatus("True")
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(time)
        .build();
  }
}
