package io.ubernetes.federation.workload;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Status fields of a workload's objects that each member reports back, as OCM's feedback rules do:
 * they appear per cluster in the workload's status.
 *
 * @param apiVersion the objects' API version; any version of the kind when omitted
 * @param kind the objects' kind, e.g. {@code Job}
 * @param name one object of that kind; every object of the kind in the workload when omitted
 * @param jsonPaths the fields to report, each by name and Kubernetes JSONPath
 */
public record StatusFeedback(
    String apiVersion,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Job") String kind,
    String name,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<JsonPathField> jsonPaths) {
  public StatusFeedback {
    jsonPaths = jsonPaths == null ? List.of() : List.copyOf(jsonPaths);
  }

  /**
   * One reported field.
   *
   * @param name the key it is reported under, unique within the workload's feedback
   * @param path a Kubernetes JSONPath, e.g. {@code .status.succeeded}
   */
  public record JsonPathField(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "succeeded") String name,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = ".status.succeeded")
          String path) {}
}
