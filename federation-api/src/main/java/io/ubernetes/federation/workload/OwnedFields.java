package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.federation.resource.Patch;
import java.util.List;
import java.util.Set;

/**
 * The fields of a rendered manifest that the federation sets itself, which no override may change:
 * an override of them would be accepted, then silently overwritten when the work is rendered (or,
 * for the labels, would hide the object from the agent that manages it).
 */
public final class OwnedFields {
  /** Kinds whose {@code spec.replicas} the federation sets to a cluster's share. */
  public static final Set<String> REPLICATED =
      Set.of("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController");

  /** The labels the federation puts on every object it renders, and on the pods of the template. */
  public static final Set<String> LABELS = Set.of(WireLabels.MANAGED_BY, WireLabels.WORKLOAD);

  /**
   * The annotations the federation puts on the objects it renders; the last one marks the Services
   * of FederatedServices.
   */
  public static final Set<String> ANNOTATIONS =
      Set.of(WireLabels.GENERATION, WireLabels.REVISION, "ubernetes.io/federated-service");

  private static final List<List<String>> IDENTITY =
      List.of(
          List.of("apiVersion"),
          List.of("kind"),
          List.of("metadata", "name"),
          List.of("metadata", "namespace"));
  private static final List<String> REPLICAS = List.of("spec", "replicas");

  private OwnedFields() {}

  /**
   * Why a JSON patch operation on an object may not be applied, or null when it may.
   *
   * @param replicated whether the operation applies to the template of a kind whose replicas the
   *     federation sets
   * @return the field of the operation at fault ({@code path} or {@code from}) and the reason
   */
  public static Refusal refusal(Patch.Operation operation, boolean replicated) {
    if (operation.op().equals("test")) {
      return null;
    }
    String reason = reason(operation.path(), replicated);
    if (reason != null) {
      return new Refusal("path", reason);
    }
    if (operation.op().equals("move")) {
      reason = reason(operation.from(), replicated);
      if (reason != null) {
        return new Refusal("from", reason);
      }
    }
    return null;
  }

  /** Why a label key may not be set or removed by an override, or null when it may. */
  public static String labelRefusal(String key) {
    return LABELS.contains(key)
        ? "the label " + key + " is the federation's: it marks the objects it manages"
        : null;
  }

  /** Why an annotation key may not be set or removed by an override, or null when it may. */
  public static String annotationRefusal(String key) {
    return ANNOTATIONS.contains(key)
        ? "the annotation "
            + key
            + " is the federation's: it says what the object was rendered from"
        : null;
  }

  /** A refused operation: which of its fields, and why. */
  public record Refusal(String field, String reason) {}

  private static String reason(List<String> path, boolean replicated) {
    for (List<String> identity : IDENTITY) {
      if (overlaps(path, identity)) {
        return "an override cannot change "
            + Patch.Operation.render(identity)
            + ": the federation sets what the object is and where it lives";
      }
    }
    if (replicated && overlaps(path, REPLICAS)) {
      return "an override cannot change /spec/replicas: it is the federation's, set to the"
          + " scheduler's share of spec.replicas in each cluster, so an override would be"
          + " overwritten; set spec.replicas or spec.placement (e.g. maxReplicasPerCluster), or"
          + " hand replicas to the members' autoscalers with spec.autoscaling";
    }
    if (path.size() >= 3 && path.get(0).equals("metadata")) {
      String key = path.get(2);
      String refusal =
          switch (path.get(1)) {
            case "labels" -> labelRefusal(key);
            case "annotations" -> annotationRefusal(key);
            default -> null;
          };
      if (refusal != null) {
        return refusal;
      }
    }
    if (path.size() >= 5
        && path.subList(0, 4).equals(List.of("spec", "template", "metadata", "labels"))
        && LABELS.contains(path.get(4))) {
      return "the pod label "
          + path.get(4)
          + " is the federation's: it tells the pods of federated workloads apart";
    }
    return null;
  }

  /** Whether a change at {@code path} changes {@code owned}: at it, above it or below it. */
  private static boolean overlaps(List<String> path, List<String> owned) {
    int common = Math.min(path.size(), owned.size());
    return path.subList(0, common).equals(owned.subList(0, common));
  }
}
