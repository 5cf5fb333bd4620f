package io.ubernetes.agent.report;

import static io.ubernetes.agent.report.ObjectFields.condition;
import static io.ubernetes.agent.report.ObjectFields.group;
import static io.ubernetes.agent.report.ObjectFields.isTrue;
import static io.ubernetes.agent.report.ObjectFields.list;
import static io.ubernetes.agent.report.ObjectFields.number;
import static io.ubernetes.agent.report.ObjectFields.string;

import io.ubernetes.agent.protocol.ObjectStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/**
 * How a live object is doing by the built-in rule of its kind: the workload controllers' counts,
 * Job and CronJob outcomes, load balancers, claims, any object's {@code Ready} or {@code Available}
 * condition, and presence for kinds that have no status. Pure: the object as plain JSON values in,
 * a verdict out; null when no rule knows the object (the federation may judge it by an operator's
 * rule).
 */
final class BuiltInHealth {
  /** Kinds with no status to judge, by group and kind: healthy once they exist. */
  private static final Set<String> PRESENCE =
      Set.of(
          "/ConfigMap",
          "/Secret",
          "/ServiceAccount",
          "/LimitRange",
          "/ResourceQuota",
          "/Endpoints",
          "rbac.authorization.k8s.io/Role",
          "rbac.authorization.k8s.io/RoleBinding",
          "rbac.authorization.k8s.io/ClusterRole",
          "rbac.authorization.k8s.io/ClusterRoleBinding",
          "networking.k8s.io/NetworkPolicy",
          "networking.k8s.io/IngressClass",
          "scheduling.k8s.io/PriorityClass",
          "storage.k8s.io/StorageClass",
          "node.k8s.io/RuntimeClass",
          "policy/PodDisruptionBudget",
          "discovery.k8s.io/EndpointSlice",
          "autoscaling/HorizontalPodAutoscaler",
          "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
          "admissionregistration.k8s.io/MutatingWebhookConfiguration");

  private BuiltInHealth() {}

  /** A verdict: one of {@link ObjectStatus}'s health values, a reason and a message. */
  record Verdict(String health, String reason, String message) {
    static Verdict healthy(String reason, String message) {
      return new Verdict(ObjectStatus.HEALTHY, reason, message);
    }

    static Verdict progressing(String reason, String message) {
      return new Verdict(ObjectStatus.PROGRESSING, reason, message);
    }

    static Verdict degraded(String reason, String message) {
      return new Verdict(ObjectStatus.DEGRADED, reason, message);
    }
  }

  /** The verdict of the object's kind, or null when no built-in rule knows it. */
  static Verdict of(Map<String, Object> object) {
    String kind = string(object, "kind");
    String key = group(string(object, "apiVersion")) + "/" + kind;
    return switch (key) {
      case "apps/Deployment" -> deployment(object);
      case "apps/StatefulSet" -> statefulSet(object);
      case "apps/DaemonSet" -> daemonSet(object);
      case "batch/Job" -> job(object);
      case "batch/CronJob" -> cronJob(object);
      case "/Service" -> service(object);
      case "networking.k8s.io/Ingress" -> ingress(object);
      case "/PersistentVolumeClaim" -> claim(object);
      case "/Namespace" ->
          "Terminating".equals(string(object, "status", "phase"))
              ? Verdict.progressing("Terminating", "the namespace is being deleted")
              : Verdict.healthy("Active", null);
      case "apiextensions.k8s.io/CustomResourceDefinition" -> byCondition(object, "Established");
      default -> PRESENCE.contains(key) ? Verdict.healthy("Present", null) : conditions(object);
    };
  }

  /** Null while the controller has seen the object's newest spec, else why it is progressing. */
  private static Verdict unobserved(Map<String, Object> object) {
    long generation = number(object, 0, "metadata", "generation");
    long observed = number(object, -1, "status", "observedGeneration");
    if (observed >= 0 && observed < generation) {
      return Verdict.progressing(
          "ObservedGenerationBehind",
          "its controller has not observed generation "
              + generation
              + " yet (at "
              + observed
              + ")");
    }
    return null;
  }

  private static Verdict deployment(Map<String, Object> object) {
    Map<String, Object> progressing = condition(object, "Progressing");
    if (progressing != null && "ProgressDeadlineExceeded".equals(progressing.get("reason"))) {
      return Verdict.degraded("ProgressDeadlineExceeded", text(progressing.get("message")));
    }
    Verdict unobserved = unobserved(object);
    if (unobserved != null) {
      return unobserved;
    }
    long desired = number(object, 1, "spec", "replicas");
    long replicas = number(object, 0, "status", "replicas");
    long updated = number(object, 0, "status", "updatedReplicas");
    long available = number(object, 0, "status", "availableReplicas");
    if (updated < desired) {
      return Verdict.progressing("RollingOut", updated + " of " + desired + " replicas updated");
    }
    if (replicas > updated) {
      return Verdict.progressing(
          "RollingOut", (replicas - updated) + " old replicas pending termination");
    }
    if (available < desired) {
      return Verdict.progressing(
          "Unavailable", available + " of " + desired + " replicas available");
    }
    return Verdict.healthy("Available", available + " of " + desired + " replicas available");
  }

  private static Verdict statefulSet(Map<String, Object> object) {
    Verdict unobserved = unobserved(object);
    if (unobserved != null) {
      return unobserved;
    }
    long desired = number(object, 1, "spec", "replicas");
    long ready = number(object, 0, "status", "readyReplicas");
    long updated = number(object, 0, "status", "updatedReplicas");
    long partition = number(object, 0, "spec", "updateStrategy", "rollingUpdate", "partition");
    // A partitioned update leaves the ordinals below the partition on the old revision on purpose.
    if (updated < desired - partition) {
      return Verdict.progressing(
          "RollingOut", updated + " of " + (desired - partition) + " replicas updated");
    }
    if (ready < desired) {
      return Verdict.progressing("Unavailable", ready + " of " + desired + " replicas ready");
    }
    return Verdict.healthy("Ready", ready + " of " + desired + " replicas ready");
  }

  private static Verdict daemonSet(Map<String, Object> object) {
    Verdict unobserved = unobserved(object);
    if (unobserved != null) {
      return unobserved;
    }
    long desired = number(object, 0, "status", "desiredNumberScheduled");
    long updated = number(object, 0, "status", "updatedNumberScheduled");
    long available = number(object, 0, "status", "numberAvailable");
    if (updated < desired) {
      return Verdict.progressing("RollingOut", updated + " of " + desired + " nodes updated");
    }
    if (available < desired) {
      return Verdict.progressing("Unavailable", available + " of " + desired + " nodes available");
    }
    return Verdict.healthy("Available", available + " of " + desired + " nodes available");
  }

  private static Verdict job(Map<String, Object> object) {
    Map<String, Object> failed = condition(object, "Failed");
    if (failed != null && "True".equals(failed.get("status"))) {
      String reason = failed.get("reason") == null ? "Failed" : failed.get("reason").toString();
      return Verdict.degraded(reason, text(failed.get("message")));
    }
    Map<String, Object> complete = condition(object, "Complete");
    long succeeded = number(object, 0, "status", "succeeded");
    if (complete != null && "True".equals(complete.get("status"))) {
      return Verdict.healthy("Complete", succeeded + " succeeded");
    }
    if (isTrue(object, "spec", "suspend")) {
      return Verdict.progressing("Suspended", "the Job is suspended");
    }
    long active = number(object, 0, "status", "active");
    long failedPods = number(object, 0, "status", "failed");
    String counts =
        active
            + " active, "
            + succeeded
            + " succeeded"
            + (failedPods > 0 ? ", " + failedPods + " failed" : "");
    return Verdict.progressing(active > 0 ? "Running" : "Pending", counts);
  }

  private static Verdict cronJob(Map<String, Object> object) {
    if (isTrue(object, "spec", "suspend")) {
      return Verdict.healthy("Suspended", "the CronJob is suspended");
    }
    Instant scheduled = instant(string(object, "status", "lastScheduleTime"));
    Instant succeeded = instant(string(object, "status", "lastSuccessfulTime"));
    int active = list(object, "status", "active").size();
    if (scheduled == null) {
      return Verdict.healthy("NotScheduledYet", "no run scheduled yet");
    }
    if (active > 0) {
      return Verdict.healthy("Running", active + " active, last scheduled at " + scheduled);
    }
    // The last run is over and did not succeed after it was scheduled: it failed.
    if (succeeded == null || succeeded.isBefore(scheduled)) {
      return Verdict.degraded(
          "LastJobFailed", "the run scheduled at " + scheduled + " did not succeed");
    }
    return Verdict.healthy("Succeeded", "last run scheduled at " + scheduled + " succeeded");
  }

  private static Verdict service(Map<String, Object> object) {
    if ("LoadBalancer".equals(string(object, "spec", "type"))
        && list(object, "status", "loadBalancer", "ingress").isEmpty()) {
      return Verdict.progressing("LoadBalancerPending", "no load balancer address yet");
    }
    return Verdict.healthy("Present", null);
  }

  private static Verdict ingress(Map<String, Object> object) {
    if (list(object, "status", "loadBalancer", "ingress").isEmpty()) {
      return Verdict.progressing("LoadBalancerPending", "no load balancer address yet");
    }
    return Verdict.healthy("LoadBalancerReady", null);
  }

  private static Verdict claim(Map<String, Object> object) {
    String phase = string(object, "status", "phase");
    return switch (phase == null ? "" : phase) {
      case "Bound" -> Verdict.healthy("Bound", null);
      case "Lost" -> Verdict.degraded("Lost", "the claim lost its volume");
      case "Pending", "" -> Verdict.progressing("Pending", "waiting for a volume");
      default -> new Verdict(ObjectStatus.UNKNOWN, phase, null);
    };
  }

  /** Any other kind: its {@code Ready} condition, else its {@code Available} one; else no rule. */
  private static Verdict conditions(Map<String, Object> object) {
    if (condition(object, "Ready") != null) {
      return byCondition(object, "Ready");
    }
    if (condition(object, "Available") != null) {
      return byCondition(object, "Available");
    }
    return null;
  }

  private static Verdict byCondition(Map<String, Object> object, String type) {
    Map<String, Object> condition = condition(object, type);
    if (condition == null) {
      return Verdict.progressing(type + "Missing", "no " + type + " condition yet");
    }
    String reason = condition.get("reason") == null ? null : condition.get("reason").toString();
    String message = text(condition.get("message"));
    return switch (String.valueOf(condition.get("status"))) {
      case "True" -> {
        Verdict unobserved = unobserved(object);
        yield unobserved != null
            ? unobserved
            : Verdict.healthy(reason == null ? type : reason, message);
      }
      case "False" -> Verdict.degraded(reason == null ? "Not" + type : reason, message);
      default -> Verdict.progressing(reason == null ? type + "Unknown" : reason, message);
    };
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  private static Instant instant(String time) {
    try {
      return time == null ? null : Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
