package io.ubernetes.federation.workload;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectRedaction;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets among a workload's {@code spec.resources} are stored as given, but a viewer reads them
 * redacted: every value of {@code data} and {@code stringData} becomes {@value #REDACTED}, the keys
 * stay. Operators and admins, who may write them, read them as stored.
 */
@Component
public class SecretRedaction implements ObjectRedaction {
  static final String REDACTED = "<redacted>";

  @Override
  public ApiObject<?, ?> shown(Caller caller, ApiObject<?, ?> object) {
    if (!(object instanceof FederatedWorkload workload)
        || caller == null
        || caller.has(Role.OPERATOR)) {
      return object;
    }
    return redacted(workload);
  }

  static FederatedWorkload redacted(FederatedWorkload workload) {
    WorkloadSpec spec = workload.spec();
    if (spec == null || spec.resources().stream().noneMatch(SecretRedaction::isSecret)) {
      return workload;
    }
    List<JsonNode> resources = redacted(spec.resources());
    return new FederatedWorkload(
        workload.apiVersion(),
        workload.kind(),
        workload.metadata(),
        new WorkloadSpec(
            spec.template(),
            resources,
            spec.replicas(),
            spec.placement(),
            spec.overrides(),
            spec.rollout(),
            spec.revisionHistoryLimit(),
            spec.rolloutStrategy(),
            spec.rolloutControl(),
            spec.autoscaling(),
            spec.propagateDependencies(),
            spec.statusFeedback()),
        workload.status());
  }

  /**
   * Resources as a viewer may read them: Secrets with every value redacted. A workload revision's
   * resources are shown this way to every reader.
   */
  public static List<JsonNode> redacted(List<JsonNode> resources) {
    List<JsonNode> shown = new ArrayList<>();
    for (JsonNode resource : resources) {
      shown.add(isSecret(resource) ? redact((ObjectNode) resource.deepCopy()) : resource);
    }
    return shown;
  }

  private static boolean isSecret(JsonNode resource) {
    return resource != null
        && resource.isObject()
        && "Secret".equals(resource.path("kind").asString(null));
  }

  private static ObjectNode redact(ObjectNode secret) {
    for (String field : List.of("data", "stringData")) {
      if (secret.get(field) instanceof ObjectNode values) {
        values.propertyNames().forEach(key -> values.put(key, REDACTED));
      }
    }
    return secret;
  }
}
