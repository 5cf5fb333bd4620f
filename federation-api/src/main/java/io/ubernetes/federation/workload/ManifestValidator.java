package io.ubernetes.federation.workload;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.ubernetes.agent.protocol.ApiGroups;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.KubernetesValidation;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Validates native Kubernetes manifests against the Fabric8 model of their kind, strictly: an
 * unknown field or a value of the wrong type is an error naming its path, as with {@code kubectl
 * --validate=strict}. Manifests of kinds outside the built-in API groups (custom resources) are
 * checked for their metadata only.
 */
@Component
public class ManifestValidator {
  private final KubernetesSerialization kinds = new KubernetesSerialization();
  private final ObjectMapper strict = strictMapper();
  private final PodSpecValidator podSpecs = new PodSpecValidator();

  /**
   * Validates {@code manifest} at {@code path}.
   *
   * @param namespace the workload's namespace, which the manifest may name, and no other; null for
   *     a ClusterFederatedWorkload, whose manifests may be cluster-scoped and whose namespaced
   *     built-in objects name their namespace
   * @param nameRequired whether {@code metadata.name} must be set
   * @return the manifest's kind and name, or null when it is too broken to tell
   */
  ManifestKey validate(
      JsonNode manifest, String path, String namespace, boolean nameRequired, FieldErrors errors) {
    if (manifest == null || !manifest.isObject()) {
      errors.add(path, "must be a Kubernetes object with apiVersion, kind and metadata");
      return null;
    }
    String apiVersion = text(manifest, "apiVersion", path, errors);
    String kind = text(manifest, "kind", path, errors);
    if (apiVersion == null || kind == null) {
      return null;
    }
    String group = ApiGroups.of(apiVersion);
    Class<? extends KubernetesResource> type =
        kinds.getRegisteredKubernetesResource(apiVersion, kind);
    HasMetadata parsed = null;
    boolean clusterScoped = type != null && !Namespaced.class.isAssignableFrom(type);
    if (type == null && ApiGroups.builtIn(group)) {
      errors.add(path + ".kind", "Kubernetes " + apiVersion + " has no kind \"" + kind + "\"");
      return null;
    } else if (clusterScoped && namespace != null) {
      errors.add(
          path + ".kind",
          kind
              + " is cluster-scoped: a FederatedWorkload holds namespaced kinds only; federate it"
              + " with a ClusterFederatedWorkload");
      return null;
    } else if (type != null) {
      parsed = parse(manifest, type, path, errors);
    }
    JsonNode metadataNode = manifest.get("metadata");
    ObjectMeta metadata =
        parsed != null ? parsed.getMetadata() : genericMetadata(metadataNode, path, errors);
    String name =
        namespace == null
            ? validateClusterMetadata(
                metadata, path + ".metadata", kind, type, nameRequired, errors)
            : validateMetadata(metadata, path + ".metadata", namespace, nameRequired, errors);
    if (parsed != null) {
      podSpecs.validate(parsed, path, errors);
    }
    return new ManifestKey(apiVersion, kind, name);
  }

  /**
   * Validates a native object kept on its own, outside any workload, as a workload's resources are
   * validated.
   *
   * @param namespace the namespace the object is kept in; the object may name no other
   * @return the object's name as written; null when it has none or is too broken to tell
   */
  public String validateObject(
      JsonNode manifest, String path, String namespace, FieldErrors errors) {
    ManifestKey key = validate(manifest, path, namespace, false, errors);
    return key == null ? null : key.name();
  }

  /** The identity of a manifest among a workload's resources. */
  record ManifestKey(String apiVersion, String kind, String name) {
    String group() {
      return ApiGroups.of(apiVersion);
    }
  }

  private HasMetadata parse(
      JsonNode manifest,
      Class<? extends KubernetesResource> type,
      String path,
      FieldErrors errors) {
    try {
      KubernetesResource resource = strict.readValue(manifest.toString(), type);
      return resource instanceof HasMetadata hasMetadata ? hasMetadata : null;
    } catch (JsonMappingException e) {
      errors.add(fieldPath(path, e), message(e));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      errors.add(path, "unreadable: " + e.getOriginalMessage());
    }
    return null;
  }

  private ObjectMeta genericMetadata(JsonNode metadata, String path, FieldErrors errors) {
    if (metadata == null || metadata.isNull()) {
      return null;
    }
    try {
      return strict.readValue(metadata.toString(), ObjectMeta.class);
    } catch (JsonMappingException e) {
      errors.add(fieldPath(path + ".metadata", e), message(e));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      errors.add(path + ".metadata", "unreadable: " + e.getOriginalMessage());
    }
    return null;
  }

  private static String validateMetadata(
      ObjectMeta metadata,
      String path,
      String namespace,
      boolean nameRequired,
      FieldErrors errors) {
    String name = metadata == null ? null : metadata.getName();
    if (name == null || name.isEmpty()) {
      if (nameRequired) {
        errors.required(path + ".name");
      }
    } else {
      KubernetesValidation.dnsSubdomain(name, path + ".name", errors);
    }
    if (metadata == null) {
      return name;
    }
    if (metadata.getNamespace() != null
        && !metadata.getNamespace().isEmpty()
        && !metadata.getNamespace().equals(namespace)) {
      errors.add(
          path + ".namespace",
          "must be empty or the workload's namespace \""
              + namespace
              + "\", got \""
              + metadata.getNamespace()
              + "\"");
    }
    if (metadata.getLabels() != null) {
      KubernetesValidation.labels(metadata.getLabels(), path + ".labels", errors);
    }
    if (metadata.getAnnotations() != null) {
      KubernetesValidation.annotations(metadata.getAnnotations(), path + ".annotations", errors);
    }
    return name;
  }

  /**
   * The metadata of a ClusterFederatedWorkload's manifest: a cluster-scoped object names no
   * namespace, a namespaced built-in one names its own (there is no workload namespace to default
   * to); a custom resource's scope is its definition's, unknown here, so either is accepted.
   */
  private static String validateClusterMetadata(
      ObjectMeta metadata,
      String path,
      String kind,
      Class<? extends KubernetesResource> type,
      boolean nameRequired,
      FieldErrors errors) {
    String namespace = metadata == null ? null : metadata.getNamespace();
    boolean named = namespace != null && !namespace.isEmpty();
    if (type != null && !Namespaced.class.isAssignableFrom(type) && named) {
      errors.add(path + ".namespace", "must be empty: " + kind + " is cluster-scoped");
    } else if (type != null && Namespaced.class.isAssignableFrom(type) && !named) {
      errors.add(
          path + ".namespace",
          "required: "
              + kind
              + " is namespaced, and a ClusterFederatedWorkload has no namespace to put it in");
    } else if (named) {
      KubernetesValidation.dnsLabel(namespace, path + ".namespace", errors);
    }
    return validateMetadata(metadata, path, named ? namespace : null, nameRequired, errors);
  }

  private static String text(JsonNode manifest, String field, String path, FieldErrors errors) {
    JsonNode value = manifest.get(field);
    if (value == null || !value.isString() || value.asString().isEmpty()) {
      errors.required(path + "." + field);
      return null;
    }
    return value.asString();
  }

  private static String fieldPath(String path, JsonMappingException e) {
    StringBuilder field = new StringBuilder(path);
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        field.append('.').append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.toString();
  }

  private static String message(JsonMappingException e) {
    return switch (e) {
      case UnrecognizedPropertyException unknown ->
          "unknown field \"" + unknown.getPropertyName() + "\"";
      case InvalidFormatException invalid ->
          "invalid value \""
              + invalid.getValue()
              + "\": "
              + firstLine(invalid.getOriginalMessage());
      case MismatchedInputException mismatched ->
          mismatched.getTargetType() == null
              ? firstLine(mismatched.getOriginalMessage())
              : "expected a value of type " + mismatched.getTargetType().getSimpleName();
      default ->
          e.getCause() != null && e.getCause().getMessage() != null
              ? firstLine(e.getCause().getMessage())
              : firstLine(e.getOriginalMessage());
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "invalid value";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * A Jackson 2 mapper for the Fabric8 model that fails on unknown fields. Fabric8 models collect
   * unknown fields in {@code additionalProperties} through an any-setter; removing it makes them
   * errors, with their path.
   */
  private static ObjectMapper strictMapper() {
    SimpleModule noAnySetter = new SimpleModule("strict-kubernetes-model");
    noAnySetter.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config,
              BeanDescription description,
              BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            return builder;
          }
        });
    return JsonMapper.builder()
        .addModule(noAnySetter)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // As in Kubernetes, a number or boolean is no string (that feature covers the reverse).
        .withCoercionConfig(
            LogicalType.Textual,
            config ->
                config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
        .build();
  }
}
