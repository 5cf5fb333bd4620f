package io.ubernetes.mockcluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;

/**
 * The custom kind that the tests of member clusters install: {@code Widget} in {@code example.com},
 * namespaced, one version {@code v1} that keeps any field. Shipped in this module's test jar, for
 * the tests of the agent and of the sandbox's simulated clusters.
 */
public final class Widgets {
  /** The name of the CustomResourceDefinition. */
  public static final String DEFINITION = "widgets.example.com";

  private Widgets() {}

  /**
   * The CustomResourceDefinition as a client writes it, naming only the kind and plural and leaving
   * the other names to the API server; a test adds what it needs before {@code build()}.
   */
  public static CustomResourceDefinitionBuilder definition() {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata()
        .withName(DEFINITION)
        .endMetadata()
        .withNewSpec()
        .withGroup("example.com")
        .withScope("Namespaced")
        .withNewNames()
        .withKind("Widget")
        .withPlural("widgets")
        .endNames()
        .addNewVersion()
        .withName("v1")
        .withServed(true)
        .withStorage(true)
        .withNewSchema()
        .withNewOpenAPIV3Schema()
        .withType("object")
        .withXKubernetesPreserveUnknownFields(true)
        .endOpenAPIV3Schema()
        .endSchema()
        .endVersion()
        .endSpec();
  }
}
