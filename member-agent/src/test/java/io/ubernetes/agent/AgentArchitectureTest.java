package io.ubernetes.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend on each other in one direction, and on the federation only by wire.
 */
class AgentArchitectureTest {
  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.ubernetes.agent");

  @Test
  void talksToTheFederationOnlyThroughTheWireProtocol() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ubernetes.federation..", "io.ubernetes.placement..", "org.springframework..")
        .check(AGENT);
  }

  @Test
  void stateKnowsNothingOfSyncingReportingOrTheFederation() {
    noClasses()
        .that()
        .resideInAPackage("io.ubernetes.agent.state..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ubernetes.agent.sync..",
            "io.ubernetes.agent.report..",
            "io.ubernetes.agent.federation..")
        .check(AGENT);
  }

  @Test
  void theFederationClientKnowsNothingOfSyncingOrReporting() {
    noClasses()
        .that()
        .resideInAPackage("io.ubernetes.agent.federation..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.ubernetes.agent.sync..", "io.ubernetes.agent.report..")
        .check(AGENT);
  }

  @Test
  void failureReasonsKnowNothingOfTheAgentsOtherParts() {
    noClasses()
        .that()
        .resideInAPackage("io.ubernetes.agent.failure..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.ubernetes.agent",
            "io.ubernetes.agent.sync..",
            "io.ubernetes.agent.report..",
            "io.ubernetes.agent.state..",
            "io.ubernetes.agent.federation..")
        .check(AGENT);
  }

  @Test
  void syncingDoesNotDependOnReportingNorOnTheWiring() {
    classes()
        .that()
        .resideInAPackage("io.ubernetes.agent.sync..")
        .should()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackages("io.ubernetes.agent.report..")
        .check(AGENT);
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.ubernetes.agent.sync..",
            "io.ubernetes.agent.report..",
            "io.ubernetes.agent.state..",
            "io.ubernetes.agent.federation..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.ubernetes.agent")
        .check(AGENT);
  }
}
