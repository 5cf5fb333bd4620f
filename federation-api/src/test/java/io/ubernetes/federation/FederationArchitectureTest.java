package io.ubernetes.federation;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The service's packages stand in four layers, each using only those below it: the surfaces agents,
 * DNS and Kubernetes clients talk to; the features; the cross-cutting services; the core. Packages
 * never depend on each other in a circle, inside a layer either.
 */
class FederationArchitectureTest {
  private static final JavaClasses SERVICE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ubernetes.federation");

  @Test
  void layersDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .ensureAllClassesAreContainedInArchitectureIgnoring("io.ubernetes.federation")
        .layer("Surfaces")
        .definedBy(
            "io.ubernetes.federation.agents..",
            "io.ubernetes.federation.dashboard..",
            "io.ubernetes.federation.discovery..",
            "io.ubernetes.federation.kubernetes..")
        .layer("Features")
        .definedBy(
            "io.ubernetes.federation.cluster..",
            "io.ubernetes.federation.workload..",
            "io.ubernetes.federation.dependency..",
            "io.ubernetes.federation.policy..",
            "io.ubernetes.federation.rolloutstrategy..",
            "io.ubernetes.federation.override..",
            "io.ubernetes.federation.health..",
            "io.ubernetes.federation.rollout..",
            "io.ubernetes.federation.service..",
            "io.ubernetes.federation.scheduling..",
            "io.ubernetes.federation.tenancy..",
            "io.ubernetes.federation.quota..",
            "io.ubernetes.federation.events..")
        .layer("Cross-cutting")
        .definedBy("io.ubernetes.federation.security..", "io.ubernetes.federation.audit..")
        .layer("Core")
        .definedBy(
            "io.ubernetes.federation.resource..",
            "io.ubernetes.federation.web..",
            "io.ubernetes.federation.database..",
            "io.ubernetes.federation.caller..")
        .whereLayer("Surfaces")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Features")
        .mayOnlyBeAccessedByLayers("Surfaces")
        .whereLayer("Cross-cutting")
        .mayOnlyBeAccessedByLayers("Surfaces", "Features")
        .whereLayer("Core")
        .mayOnlyBeAccessedByLayers("Surfaces", "Features", "Cross-cutting")
        .check(SERVICE);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("io.ubernetes.federation.(*)..").should().beFreeOfCycles().check(SERVICE);
  }
}
