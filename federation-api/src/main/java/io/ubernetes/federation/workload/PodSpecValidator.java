package io.ubernetes.federation.workload;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobTemplateSpec;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks the Kubernetes API server would make on a pod template that matter before a workload
 * is spread over clusters: containers with names and images, and resource quantities that parse
 * (the placement engine sums them).
 */
final class PodSpecValidator {
  void validate(HasMetadata resource, String path, FieldErrors errors) {
    switch (resource) {
      case Deployment d ->
          template(
              d.getSpec() == null ? null : d.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case StatefulSet s ->
          template(
              s.getSpec() == null ? null : s.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case DaemonSet d ->
          template(
              d.getSpec() == null ? null : d.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case ReplicaSet r ->
          template(
              r.getSpec() == null ? null : r.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case ReplicationController r ->
          template(
              r.getSpec() == null ? null : r.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case Job j ->
          template(
              j.getSpec() == null ? null : j.getSpec().getTemplate(),
              path + ".spec.template",
              errors);
      case CronJob c -> {
        JobTemplateSpec job = c.getSpec() == null ? null : c.getSpec().getJobTemplate();
        template(
            job == null || job.getSpec() == null ? null : job.getSpec().getTemplate(),
            path + ".spec.jobTemplate.spec.template",
            errors);
      }
      case Pod p -> podSpec(p.getSpec(), path + ".spec", errors);
      default -> {}
    }
  }

  private void template(PodTemplateSpec template, String path, FieldErrors errors) {
    podSpec(template == null ? null : template.getSpec(), path + ".spec", errors);
  }

  private void podSpec(PodSpec spec, String path, FieldErrors errors) {
    if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
      errors.add(path + ".containers", "at least one container is required");
      return;
    }
    Set<String> names = new HashSet<>();
    containers(spec.getInitContainers(), path + ".initContainers", names, errors);
    containers(spec.getContainers(), path + ".containers", names, errors);
  }

  private void containers(
      List<Container> containers, String path, Set<String> names, FieldErrors errors) {
    if (containers == null) {
      return;
    }
    for (int i = 0; i < containers.size(); i++) {
      Container container = containers.get(i);
      String field = path + "[" + i + "]";
      KubernetesValidation.dnsLabel(container.getName(), field + ".name", errors);
      if (container.getName() != null && !names.add(container.getName())) {
        errors.add(field + ".name", "duplicate container name \"" + container.getName() + "\"");
      }
      if (container.getImage() == null || container.getImage().isBlank()) {
        errors.required(field + ".image");
      }
      resources(container.getResources(), field + ".resources", errors);
    }
  }

  private void resources(ResourceRequirements resources, String path, FieldErrors errors) {
    if (resources == null) {
      return;
    }
    Map<String, BigDecimal> requests =
        quantities(resources.getRequests(), path + ".requests", errors);
    Map<String, BigDecimal> limits = quantities(resources.getLimits(), path + ".limits", errors);
    requests.forEach(
        (resource, request) -> {
          BigDecimal limit = limits.get(resource);
          if (limit != null && request.compareTo(limit) > 0) {
            errors.add(
                path + ".requests[" + resource + "]", "must be less than or equal to the limit");
          }
        });
  }

  private Map<String, BigDecimal> quantities(
      Map<String, Quantity> quantities, String path, FieldErrors errors) {
    if (quantities == null) {
      return Map.of();
    }
    Map<String, BigDecimal> amounts = new java.util.HashMap<>();
    quantities.forEach(
        (resource, quantity) -> {
          String text = quantity == null ? null : quantity.toString();
          if (!KubernetesValidation.isQuantity(text)) {
            errors.add(
                path + "[" + resource + "]",
                "\"" + text + "\" is not a non-negative quantity (e.g. 500m, 2, 1.5Gi)");
          } else {
            amounts.put(resource, Quantity.getAmountInBytes(quantity));
          }
        });
    return amounts;
  }
}
