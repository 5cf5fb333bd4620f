package io.ubernetes.federation.dependency;

import io.ubernetes.federation.dependency.FederatedObject.FederatedObjectStatus;
import io.ubernetes.federation.resource.ApiKind;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.RecordKindStrategy;
import io.ubernetes.federation.workload.ManifestValidator;
import java.time.Instant;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validation of {@link FederatedObject}s: one native object of the kinds a pod template refers to,
 * strictly validated as a workload's resources are, named as the FederatedObject is.
 */
@Component
@Order(100)
public class FederatedObjectStrategy
    extends RecordKindStrategy<FederatedObject, FederatedObjectSpec, FederatedObjectStatus> {
  private static final ApiKind API = ApiKind.of("federatedobjects", "federatedobject", "fo");

  /** The kinds a pod template refers to, all of the core group. */
  static final List<String> KINDS =
      List.of(
          PodReferences.CONFIG_MAP,
          PodReferences.SECRET,
          PodReferences.SERVICE_ACCOUNT,
          PodReferences.CLAIM);

  static final String API_VERSION = "v1";

  private final ManifestValidator manifests;

  FederatedObjectStrategy(ManifestValidator manifests) {
    super(
        FederatedObject.KIND,
        API,
        NAMESPACED,
        FederatedObject.class,
        FederatedObjectSpec.class,
        FederatedObjectStatus.class,
        FederatedObject::new);
    this.manifests = manifests;
  }

  @Override
  public FederatedObjectSpec admit(
      ObjectMeta metadata, FederatedObjectSpec spec, FieldErrors errors) {
    if (spec == null) {
      errors.required("spec");
      return null;
    }
    JsonNode object = spec.object();
    if (object == null || object.isNull()) {
      errors.required("spec.object");
      return null;
    }
    if (!(object instanceof ObjectNode given)) {
      errors.add("spec.object", "must be a Kubernetes object with apiVersion, kind and metadata");
      return null;
    }
    String kind = given.path("kind").asString("");
    if (!kind.isEmpty() && !KINDS.contains(kind)) {
      errors.add(
          "spec.object.kind",
          "a FederatedObject holds a ConfigMap, Secret, ServiceAccount or PersistentVolumeClaim,"
              + " got \""
              + kind
              + "\": put other objects in the spec.resources of the workload they belong to");
      return null;
    }
    String apiVersion = given.path("apiVersion").asString("");
    if (!apiVersion.isEmpty() && !apiVersion.equals(API_VERSION)) {
      errors.add(
          "spec.object.apiVersion",
          "must be \"v1\" for a " + kind + ", got \"" + apiVersion + "\"");
      return null;
    }
    String namespace = metadata.namespace();
    JsonNode written = given.path("metadata").path("namespace");
    String objectNamespace = written.isString() ? written.asString() : "";
    if (!objectNamespace.isEmpty() && !objectNamespace.equals(namespace)) {
      errors.add(
          "spec.object.metadata.namespace",
          "must be empty or the FederatedObject's namespace \""
              + namespace
              + "\", got \""
              + objectNamespace
              + "\"");
    }
    String name =
        manifests.validateObject(
            given, "spec.object", objectNamespace.isEmpty() ? namespace : objectNamespace, errors);
    if (name != null && metadata.name() != null && !name.equals(metadata.name())) {
      errors.add(
          "spec.object.metadata.name",
          "must be empty or the FederatedObject's name \""
              + metadata.name()
              + "\", got \""
              + name
              + "\": a namespace holds one object of a name, kept under that name");
    }
    if (!errors.isEmpty()) {
      return null;
    }
    ObjectNode stored = given.deepCopy();
    JsonNode meta = stored.get("metadata");
    ObjectNode objectMetadata =
        meta instanceof ObjectNode existing ? existing : stored.putObject("metadata");
    if (metadata.name() != null) {
      objectMetadata.put("name", metadata.name());
    }
    return new FederatedObjectSpec(stored);
  }

  @Override
  public FederatedObjectStatus initialStatus(FederatedObjectSpec spec, Instant now) {
    return new FederatedObjectStatus();
  }
}
