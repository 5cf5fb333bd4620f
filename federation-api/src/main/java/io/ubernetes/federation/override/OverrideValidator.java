package io.ubernetes.federation.override;

import io.ubernetes.federation.override.OverridePolicySpec.ArgsOperation;
import io.ubernetes.federation.override.OverridePolicySpec.ArgsOverride;
import io.ubernetes.federation.override.OverridePolicySpec.ClusterMatch;
import io.ubernetes.federation.override.OverridePolicySpec.EnvOverride;
import io.ubernetes.federation.override.OverridePolicySpec.EnvValue;
import io.ubernetes.federation.override.OverridePolicySpec.ImageOverride;
import io.ubernetes.federation.override.OverridePolicySpec.MetadataOverride;
import io.ubernetes.federation.override.OverridePolicySpec.OverrideRule;
import io.ubernetes.federation.override.OverridePolicySpec.TargetRef;
import io.ubernetes.federation.override.OverridePolicySpec.WorkloadSelector;
import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.federation.policy.PlacementValidator;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.workload.OwnedFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Validates the spec of override policies, naming the field of every fault, and fills in defaults.
 * A rule has exactly one action, so that each rule says one thing and an error names one rule.
 */
final class OverrideValidator {
  private static final int MAX_RULES = 100;
  private static final int MAX_LIST = 100;
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private OverrideValidator() {}

  static OverridePolicySpec admit(
      OverridePolicySpec spec, boolean clusterScoped, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    selector(spec.workloadSelector(), clusterScoped, errors);
    List<OverrideRule> rules = spec.rules();
    if (rules.isEmpty()) {
      errors.add("spec.rules", "must contain at least one rule");
    }
    size(rules, "spec.rules", MAX_RULES, errors);
    List<OverrideRule> admitted = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      admitted.add(rule(rules.get(i), "spec.rules[" + i + "]", errors));
    }
    return new OverridePolicySpec(spec.workloadSelector(), admitted);
  }

  private static void selector(
      WorkloadSelector selector, boolean clusterScoped, FieldErrors errors) {
    if (selector == null) {
      return;
    }
    String path = "spec.workloadSelector";
    size(selector.names(), path + ".names", MAX_LIST, errors);
    for (int i = 0; i < selector.names().size(); i++) {
      KubernetesValidation.dnsSubdomain(
          selector.names().get(i), path + ".names[" + i + "]", errors);
    }
    PlacementValidator.selector(
        new ClusterSelector(selector.matchLabels(), selector.matchExpressions()), path, errors);
    if (!clusterScoped && !selector.namespaces().isEmpty()) {
      errors.add(
          path + ".namespaces",
          "an OverridePolicy applies to the workloads of its own namespace; a"
              + " ClusterOverridePolicy selects namespaces");
    }
    size(selector.namespaces(), path + ".namespaces", MAX_LIST, errors);
    for (int i = 0; i < selector.namespaces().size(); i++) {
      KubernetesValidation.dnsLabel(
          selector.namespaces().get(i), path + ".namespaces[" + i + "]", errors);
    }
  }

  private static OverrideRule rule(OverrideRule rule, String path, FieldErrors errors) {
    clusters(rule.clusters(), path + ".clusters", errors);
    List<String> actions = new ArrayList<>();
    if (!rule.jsonPatch().isEmpty()) {
      actions.add("jsonPatch");
    }
    if (rule.image() != null) {
      actions.add("image");
    }
    if (rule.labels() != null) {
      actions.add("labels");
    }
    if (rule.annotations() != null) {
      actions.add("annotations");
    }
    if (rule.args() != null) {
      actions.add("args");
    }
    if (rule.env() != null) {
      actions.add("env");
    }
    if (actions.isEmpty()) {
      errors.add(
          path, "a rule needs one action: jsonPatch, image, labels, annotations, args or env");
    } else if (actions.size() > 1) {
      errors.add(
          path, "a rule has exactly one action, this one has " + String.join(" and ", actions));
    }
    TargetRef target = rule.target();
    if (target != null) {
      if (target.kind() == null || target.kind().isBlank()) {
        errors.required(path + ".target.kind");
      }
      if (target.name() != null) {
        KubernetesValidation.dnsSubdomain(target.name(), path + ".target.name", errors);
      }
    }
    // Set.of refuses to look up null: a target without kind is reported above.
    boolean replicated =
        target == null || (target.kind() != null && OwnedFields.REPLICATED.contains(target.kind()));
    for (int j = 0; j < rule.jsonPatch().size(); j++) {
      String field = path + ".jsonPatch[" + j + "]";
      try {
        Patch.Operation operation = Patch.Operation.parse(rule.jsonPatch().get(j), field);
        OwnedFields.Refusal refusal = OwnedFields.refusal(operation, replicated);
        if (refusal != null) {
          errors.add(field + "." + refusal.field(), refusal.reason());
        }
      } catch (ApiException e) {
        e.errors().forEach(error -> errors.add(error.field(), error.message()));
      }
    }
    image(rule.image(), path + ".image", errors);
    metadata(rule.labels(), path + ".labels", true, errors);
    metadata(rule.annotations(), path + ".annotations", false, errors);
    ArgsOverride args = rule.args();
    if (args != null) {
      container(args.container(), path + ".args.container", errors);
      if (args.values().isEmpty() && args.operation() != ArgsOperation.REPLACE) {
        errors.add(path + ".args.values", "must not be empty (replace with none clears the args)");
      }
      size(args.values(), path + ".args.values", MAX_LIST, errors);
      args =
          new ArgsOverride(
              args.container(),
              args.operation() == null ? ArgsOperation.APPEND : args.operation(),
              args.values());
    }
    env(rule.env(), path + ".env", errors);
    return new OverrideRule(
        rule.clusters(),
        target,
        rule.jsonPatch(),
        rule.image(),
        rule.labels(),
        rule.annotations(),
        args,
        rule.env());
  }

  private static void clusters(ClusterMatch clusters, String path, FieldErrors errors) {
    if (clusters == null) {
      return;
    }
    each(clusters.names(), path + ".names", errors, KubernetesValidation::dnsLabel);
    each(clusters.regions(), path + ".regions", errors, KubernetesValidation::labelValue);
    each(clusters.zones(), path + ".zones", errors, KubernetesValidation::labelValue);
    each(clusters.tiers(), path + ".tiers", errors, KubernetesValidation::labelValue);
    each(clusters.providers(), path + ".providers", errors, KubernetesValidation::labelValue);
    PlacementValidator.selector(clusters.clusterSelector(), path + ".clusterSelector", errors);
  }

  private static void image(ImageOverride image, String path, FieldErrors errors) {
    if (image == null) {
      return;
    }
    container(image.container(), path + ".container", errors);
    if (image.registry() == null
        && image.repository() == null
        && image.tag() == null
        && image.digest() == null) {
      errors.add(path, "give at least one of registry, repository, tag and digest");
    }
    check(
        image.registry(),
        ImageReference.REGISTRY,
        path + ".registry",
        "a host, with an optional :port",
        errors);
    check(
        image.repository(),
        ImageReference.REPOSITORY,
        path + ".repository",
        "lowercase path components separated by /, e.g. shop/web",
        errors);
    check(
        image.tag(),
        ImageReference.TAG,
        path + ".tag",
        "at most 128 of A-Z a-z 0-9 _ . -, not starting with . or -",
        errors);
    check(
        image.digest(),
        ImageReference.DIGEST,
        path + ".digest",
        "algo:hex, e.g. sha256: followed by at least 32 hexadecimal digits",
        errors);
    if (image.tag() != null && image.digest() != null) {
      errors.add(path + ".digest", "give a tag or a digest, not both: a digest replaces the tag");
    }
  }

  private static void metadata(
      MetadataOverride metadata, String path, boolean labels, FieldErrors errors) {
    if (metadata == null) {
      return;
    }
    if (metadata.set().isEmpty() && metadata.remove().isEmpty()) {
      errors.add(path, "give keys to set or to remove");
    }
    Function<String, String> refusal =
        labels ? OwnedFields::labelRefusal : OwnedFields::annotationRefusal;
    if (labels) {
      KubernetesValidation.labels(metadata.set(), path + ".set", errors);
    } else {
      KubernetesValidation.annotations(metadata.set(), path + ".set", errors);
    }
    metadata
        .set()
        .keySet()
        .forEach(
            key -> {
              String reason = refusal.apply(key);
              if (reason != null) {
                errors.add(path + ".set[" + key + "]", reason);
              }
            });
    for (int i = 0; i < metadata.remove().size(); i++) {
      String key = metadata.remove().get(i);
      KubernetesValidation.labelKey(key, path + ".remove[" + i + "]", errors);
      String reason = refusal.apply(key);
      if (reason != null) {
        errors.add(path + ".remove[" + i + "]", reason);
      }
    }
  }

  private static void env(EnvOverride env, String path, FieldErrors errors) {
    if (env == null) {
      return;
    }
    container(env.container(), path + ".container", errors);
    if (env.set().isEmpty() && env.remove().isEmpty()) {
      errors.add(path, "give variables to set or to remove");
    }
    size(env.set(), path + ".set", MAX_LIST, errors);
    for (int i = 0; i < env.set().size(); i++) {
      EnvValue value = env.set().get(i);
      envName(value.name(), path + ".set[" + i + "].name", errors);
    }
    size(env.remove(), path + ".remove", MAX_LIST, errors);
    for (int i = 0; i < env.remove().size(); i++) {
      envName(env.remove().get(i), path + ".remove[" + i + "]", errors);
    }
  }

  private static void envName(String name, String field, FieldErrors errors) {
    if (name == null || name.isEmpty()) {
      errors.required(field);
    } else if (!ENV_NAME.matcher(name).matches()) {
      errors.add(
          field,
          "\""
              + name
              + "\" must consist of letters, digits, '_', '-' and '.', not starting with a digit");
    }
  }

  private static void container(String container, String field, FieldErrors errors) {
    if (container != null) {
      KubernetesValidation.dnsLabel(container, field, errors);
    }
  }

  private static void check(
      String value, Pattern pattern, String field, String rule, FieldErrors errors) {
    if (value != null && !pattern.matcher(value).matches()) {
      errors.add(field, "\"" + value + "\" is not valid: " + rule);
    }
  }

  private interface Check {
    void check(String value, String field, FieldErrors errors);
  }

  private static void each(List<String> values, String path, FieldErrors errors, Check check) {
    size(values, path, MAX_LIST, errors);
    for (int i = 0; i < values.size(); i++) {
      check.check(values.get(i), path + "[" + i + "]", errors);
    }
  }

  private static void size(List<?> list, String path, int max, FieldErrors errors) {
    if (list.size() > max) {
      errors.add(path, "at most " + max + " entries, got " + list.size());
    }
  }
}
