package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.WireLabels;
import io.ubernetes.federation.override.OverrideRules;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.service.FederatedService;
import io.ubernetes.federation.service.FederatedServiceSpec;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.OwnedFields;
import io.ubernetes.federation.workload.WorkloadSpec;
import io.ubernetes.federation.workload.WorkloadSpec.ClusterOverride;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders what one cluster runs of a workload: the resources that follow it, the Services of the
 * FederatedServices in front of it, then its template, with the override policies' rules that
 * select the cluster applied to both, then its inline overrides to the template, and its replicas
 * set to the cluster's share; each in the workload's namespace, labelled as managed by the
 * federation and annotated with the generation and the workload revision it was rendered from.
 */
@Component
class WorkRenderer {
  // ServiceManifests names these two through this class.
  static final String MANAGED_BY = WireLabels.MANAGED_BY;
  static final String WORKLOAD = WireLabels.WORKLOAD;

  /** Kinds whose {@code spec.replicas} is the number of pods to run. */
  private static final Set<String> REPLICATED = OwnedFields.REPLICATED;

  /** What {@link AppliedOverride#source} says of the workload's own inline overrides. */
  static final String INLINE = "spec.overrides";

  /** What one cluster gets, and the override rules that changed it, in the order they applied. */
  record Rendered(List<ObjectNode> manifests, List<AppliedOverride> applied) {}

  /**
   * An override rule applied to a cluster's work.
   *
   * @param source the policy it comes from ({@code ClusterOverridePolicy/<name>}, {@code
   *     OverridePolicy/<namespace>/<name>}), or {@code spec.overrides} for the workload's own
   * @param rule its index there
   */
  record AppliedOverride(String source, int rule) {}

  /** Thrown when a cluster's overrides do not apply to the template. */
  static final class RenderException extends Exception {
    RenderException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What a workload revision propagates, all that {@link #render} takes besides the replicas: the
   * template, the resources and the inline overrides of the workload's spec, and what the workload
   * draws from outside it ({@link io.ubernetes.federation.workload.RevisionSource}s).
   *
   * @param policyOverrides the rules of the override policies that select the workload, in the
   *     order they apply, each still to be matched against the cluster
   * @param dependencies the objects the pod template refers to, from the federation's copies; a
   *     resource of the workload of the same kind and name wins over its copy here
   */
  record Content(
      JsonNode template,
      List<JsonNode> resources,
      List<ClusterOverride> overrides,
      List<JsonNode> policyOverrides,
      List<JsonNode> dependencies) {
    Content {
      resources = resources == null ? List.of() : List.copyOf(resources);
      overrides = overrides == null ? List.of() : List.copyOf(overrides);
      policyOverrides = policyOverrides == null ? List.of() : List.copyOf(policyOverrides);
      dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** The content of a spec alone, for a workload that draws nothing from outside it. */
    static Content of(WorkloadSpec spec) {
      return new Content(spec.template(), spec.resources(), spec.overrides(), null, null);
    }

    /**
     * The dependencies, then the workload's own resources: the objects a pod needs exist before it
     * starts. A dependency the workload also lists itself is left to the workload's copy.
     */
    List<JsonNode> objects() {
      if (dependencies.isEmpty()) {
        return resources;
      }
      Set<String> own = new HashSet<>();
      resources.forEach(resource -> own.add(identity(resource)));
      List<JsonNode> objects = new ArrayList<>();
      for (JsonNode dependency : dependencies) {
        if (!own.contains(identity(dependency))) {
          objects.add(dependency);
        }
      }
      objects.addAll(resources);
      return objects;
    }

    private static String identity(JsonNode object) {
      return object.path("kind").asString("")
          + "/"
          + object.path("metadata").path("name").asString("");
    }
  }

  /** The object a cluster's work is rendered for: its name, generation and workload revision. */
  record Target(String namespace, String name, long generation, Integer revision) {
    /** The value of {@link WireLabels#WORKLOAD} on the target's objects. */
    String workloadLabel() {
      return WireLabels.workload(namespace, name);
    }

    static Target of(FederatedWorkload workload, Integer revision) {
      return new Target(
          workload.clusterScoped() ? "" : workload.metadata().namespace(),
          workload.metadata().name(),
          workload.metadata().generation(),
          revision);
    }
  }

  /**
   * Renders one cluster's work of a workload from its current spec.
   *
   * @param services the FederatedServices fronting the workload, by name; a resource of the
   *     workload that is a Service of the same name is left out: the FederatedService wins
   */
  List<ObjectNode> render(
      FederatedWorkload workload,
      Map<String, String> clusterLabels,
      int replicas,
      SortedMap<String, FederatedServiceSpec> services)
      throws RenderException {
    return render(
        Target.of(workload, null), Content.of(workload.spec()), clusterLabels, replicas, services);
  }

  /**
   * Renders one cluster's work of a workload from the content of the revision the cluster is
   * assigned, which is not the current spec's while a rollout has not reached the cluster; every
   * object carries the revision's number.
   *
   * @param services the FederatedServices fronting the workload, by name; a resource of the
   *     workload that is a Service of the same name is left out: the FederatedService wins
   */
  List<ObjectNode> render(
      Target target,
      Content content,
      Map<String, String> clusterLabels,
      int replicas,
      SortedMap<String, FederatedServiceSpec> services)
      throws RenderException {
    return render(null, target, content, clusterLabels, replicas, services).manifests();
  }

  /**
   * Renders one cluster's work of a workload from the content of the revision the cluster is
   * assigned: the rules of the override policies that select the cluster, in the revision's order,
   * on the template and the resources; then the workload's inline overrides on the template; then
   * what the federation sets (replicas, names, labels, annotations).
   *
   * @param cluster the cluster's name, which override rules may select; null selects by labels only
   */
  Rendered render(
      String cluster,
      Target target,
      Content content,
      Map<String, String> clusterLabels,
      int replicas,
      SortedMap<String, FederatedServiceSpec> services)
      throws RenderException {
    String name = target.name();
    List<ObjectNode> objects = new ArrayList<>();
    objects.add((ObjectNode) content.template().deepCopy());
    content.objects().forEach(object -> objects.add((ObjectNode) object.deepCopy()));
    Selection selection = select(cluster, content, clusterLabels);
    List<AppliedOverride> applied = new ArrayList<>();
    for (int r = selection.policyRules().nextSetBit(0);
        r >= 0;
        r = selection.policyRules().nextSetBit(r + 1)) {
      JsonNode rule = content.policyOverrides().get(r);
      try {
        OverrideRules.apply(rule, objects, name);
      } catch (OverrideRules.NotApplicable e) {
        throw new RenderException(
            OverrideRules.describe(rule) + " does not apply: " + e.getMessage());
      }
      applied.add(new AppliedOverride(OverrideRules.policy(rule), OverrideRules.index(rule)));
    }
    JsonNode template = objects.getFirst();
    List<ClusterOverride> overrides = content.overrides();
    for (int i = selection.overrides().nextSetBit(0);
        i >= 0;
        i = selection.overrides().nextSetBit(i + 1)) {
      ClusterOverride override = overrides.get(i);
      ArrayNode operations = JsonNodeFactory.instance.arrayNode();
      override.patch().forEach(operations::add);
      try {
        template = new Patch.JsonPatch(operations).apply(template);
      } catch (ApiException e) {
        throw new RenderException("spec.overrides[" + i + "] does not apply: " + e.getMessage());
      }
      applied.add(new AppliedOverride(INLINE, i));
    }
    ObjectNode main = mark((ObjectNode) template, target, name);
    if (REPLICATED.contains(main.path("kind").asString(""))) {
      object(main, "spec").put("replicas", replicas);
    }
    labelPods(main, target.workloadLabel());
    List<JsonNode> resources = new ArrayList<>(objects.subList(1, objects.size()));
    return new Rendered(
        assemble(resources(resources, target), services, main, target), List.copyOf(applied));
  }

  /**
   * Which override rules of a revision's content select a cluster: the rules of the override
   * policies and the workload's inline overrides, by index. What {@link #render} makes of a
   * revision depends on the cluster only through this and the cluster's share of replicas, so
   * clusters with equal selections and shares get equal work, rendered once.
   */
  record Selection(BitSet policyRules, BitSet overrides) {}

  /** The override rules of {@code content} that select this cluster, by its name and labels. */
  Selection select(String cluster, Content content, Map<String, String> clusterLabels) {
    BitSet policyRules = new BitSet();
    List<JsonNode> rules = content.policyOverrides();
    for (int i = 0; i < rules.size(); i++) {
      if (OverrideRules.selects(rules.get(i), cluster, clusterLabels)) {
        policyRules.set(i);
      }
    }
    BitSet inline = new BitSet();
    List<ClusterOverride> overrides = content.overrides();
    for (int i = 0; i < overrides.size(); i++) {
      ClusterOverride override = overrides.get(i);
      if (override.clusterSelector() == null || override.clusterSelector().matches(clusterLabels)) {
        inline.set(i);
      }
    }
    return new Selection(policyRules, inline);
  }

  /**
   * A cluster's work rendered earlier with the Services of FederatedServices replaced by those of
   * {@code services}; the template (with the cluster's overrides and replicas) and the resources
   * stay as they were committed.
   *
   * @param rendered what {@link #render} made for the cluster; not empty
   * @param target the workload, generation and revision {@code rendered} was made for
   * @param resources the resources of the revision {@code rendered} comes from, to bring back a
   *     resource that a FederatedService of the same name had replaced; null when unknown, and then
   *     such a resource comes back with the workload's next rendering
   */
  List<ObjectNode> withServices(
      List<ObjectNode> rendered,
      Target target,
      List<JsonNode> resources,
      SortedMap<String, FederatedServiceSpec> services) {
    ObjectNode main = rendered.getLast();
    List<ObjectNode> kept;
    if (resources != null) {
      kept = resources(resources, target);
    } else {
      kept =
          rendered.subList(0, rendered.size() - 1).stream()
              .filter(manifest -> !ServiceManifests.isFederatedService(manifest))
              .toList();
    }
    return assemble(kept, services, main, target);
  }

  private static List<ObjectNode> resources(List<JsonNode> resources, Target target) {
    List<ObjectNode> manifests = new ArrayList<>();
    for (JsonNode resource : resources) {
      manifests.add(mark((ObjectNode) resource.deepCopy(), target, target.name()));
    }
    return manifests;
  }

  /**
   * The resources, the Services of the FederatedServices, then the template: the agent applies them
   * in this order, and Services made before the pods start are in the pods' environment ({@code
   * <NAME>_SERVICE_HOST}), as Kubernetes advises.
   */
  private static List<ObjectNode> assemble(
      List<ObjectNode> resources,
      SortedMap<String, FederatedServiceSpec> services,
      ObjectNode main,
      Target target) {
    String workloadLabel = target.workloadLabel();
    List<ObjectNode> manifests = new ArrayList<>();
    for (ObjectNode resource : resources) {
      if (!ServiceManifests.replacedBy(resource, services.keySet())) {
        manifests.add(resource);
      }
    }
    Map<String, String> selector = ServiceManifests.selector(main, workloadLabel);
    services.forEach(
        (name, spec) -> {
          ObjectNode service = ServiceManifests.render(name, spec, selector);
          markAs(service, target);
          object(object(service, "metadata"), "annotations").put(FederatedService.ANNOTATION, name);
          manifests.add(service);
        });
    manifests.add(main);
    return manifests;
  }

  /**
   * Labels the pods of a workload object as the federation's too, so that the agent can report what
   * its cluster uses net of them (the scheduler's ledger counts them already). Pod template labels
   * may grow beyond the selector: the selector itself is left alone.
   */
  private static void labelPods(ObjectNode main, String workload) {
    if (!(main.path("spec").path("template") instanceof ObjectNode template)) {
      return;
    }
    ObjectNode labels = object(object(template, "metadata"), "labels");
    labels.put(WireLabels.MANAGED_BY, WireLabels.MANAGER);
    labels.put(WireLabels.WORKLOAD, workload);
  }

  /** Sets namespace, default name, the managed labels and the generation annotation. */
  private static ObjectNode mark(ObjectNode manifest, Target target, String defaultName) {
    ObjectNode metadata = object(manifest, "metadata");
    if (!metadata.hasNonNull("name") || metadata.path("name").asString("").isEmpty()) {
      metadata.put("name", defaultName);
    }
    return markAs(manifest, target);
  }

  /**
   * Sets namespace (a ClusterFederatedWorkload's objects keep their own, or none), the managed
   * labels (the workload label is {@code <namespace>.<name>}, or {@code cluster_<name>}), the
   * generation annotation and, for work rendered from a revision, the revision annotation. The
   * annotation that marks a FederatedService's Service is the federation's: removed here, so that
   * only those Services carry it.
   */
  private static ObjectNode markAs(ObjectNode manifest, Target target) {
    ObjectNode metadata = object(manifest, "metadata");
    if (!target.namespace().isEmpty()) {
      metadata.put("namespace", target.namespace());
    }
    ObjectNode labels = object(metadata, "labels");
    labels.put(WireLabels.MANAGED_BY, WireLabels.MANAGER);
    labels.put(WireLabels.WORKLOAD, target.workloadLabel());
    ObjectNode annotations = object(metadata, "annotations");
    annotations.put(WireLabels.GENERATION, Long.toString(target.generation()));
    if (target.revision() != null) {
      annotations.put(WireLabels.REVISION, Integer.toString(target.revision()));
    } else {
      annotations.remove(WireLabels.REVISION);
    }
    annotations.remove(FederatedService.ANNOTATION);
    return manifest;
  }

  /** The object under {@code field}, made if missing or not an object. */
  private static ObjectNode object(ObjectNode parent, String field) {
    return parent.get(field) instanceof ObjectNode existing ? existing : parent.putObject(field);
  }
}
