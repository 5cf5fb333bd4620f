package io.ubernetes.agent;

import static io.ubernetes.agent.Workloads.atRevision;
import static io.ubernetes.agent.Workloads.configMap;
import static io.ubernetes.agent.Workloads.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkloadReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A workload revision's objects are applied all or none: a revision the member refuses leaves the
 * previous revision's objects running as they were, unpruned, and reported as the revision the
 * cluster runs. The CRUD mock stores what a dry run sends, so every dry-run request of these tests
 * is answered by an expectation, as a real API server would answer it, and the agent is told that
 * the server honours dry runs by the answer to its probe.
 */
class AtomicApplyIT {
  private static final String WEB = "uid-shop-web";
  private static final String CONFIG_MAPS = "/api/v1/namespaces/shop/configmaps";
  private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/shop/deployments";
  private static final String DRY_RUN = "?dryRun=All";

  @RegisterExtension final AgentHarness harness = AgentHarness.admitted();

  /** Revision 1: a ConfigMap, a Deployment and a ConfigMap that revision 2 no longer has. */
  @BeforeEach
  void runRevisionOne() {
    harness
        .cluster
        .server()
        .expect()
        .post()
        .withPath(
            "/api/v1/namespaces/" + AgentConfig.DEFAULT_STATE_NAMESPACE + "/configmaps" + DRY_RUN)
        .andReturn(201, configMap(AgentConfig.DEFAULT_STATE_NAMESPACE, "probe", "x"))
        .once();
    harness
        .cluster
        .server()
        .expect()
        .post()
        .withPath(CONFIG_MAPS + DRY_RUN)
        .andReturn(201, configMap("shop", "web-config", "1"))
        .times(2);
    harness
        .cluster
        .server()
        .expect()
        .post()
        .withPath(DEPLOYMENTS + DRY_RUN)
        .andReturn(201, web("nginx:1.27"))
        .once();
    harness.federation.feed(
        0,
        new WorkFeed(
            1,
            List.of(
                atRevision(
                    item(
                        "shop",
                        "web",
                        1,
                        1,
                        configMap("shop", "web-config", "1"),
                        configMap("shop", "web-legacy", "1"),
                        web("nginx:1.27")),
                    1)),
            List.of()));
    harness.federation.idleAt(1);
    harness.start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> image() != null && legacy() != null && config() != null);
  }

  private void feedRevisionTwo() {
    harness.federation.feed(
        1,
        new WorkFeed(
            2,
            List.of(
                atRevision(
                    item(
                        "shop",
                        "web",
                        2,
                        2,
                        configMap("shop", "web-config", "2"),
                        web("nginx:1.28")),
                    2)),
            List.of()));
    harness.federation.idleAt(2);
  }

  @Test
  void aRevisionWithAnObjectRejectedOnDryRunIsNotAppliedAtAll() {
    dryRunAnswers(CONFIG_MAPS + "/web-config", 200, configMap("shop", "web-config", "2"));
    dryRunAnswers(DEPLOYMENTS + "/web", 422, invalid());
    // Were the Deployment written for real, it would be refused the same way.
    harness
        .cluster
        .server()
        .expect()
        .put()
        .withPath(DEPLOYMENTS + "/web")
        .andReturn(422, invalid())
        .always();

    feedRevisionTwo();

    awaitRefusedRevisionTwo();
    assertRevisionOneRunsUntouched();
  }

  @Test
  void aRevisionWhoseFirstObjectIsRejectedOnApplyHasNoneOfTheOthersApplied() {
    dryRunAnswers(CONFIG_MAPS + "/web-config", 200, configMap("shop", "web-config", "2"));
    dryRunAnswers(DEPLOYMENTS + "/web", 200, web("nginx:1.28"));
    harness
        .cluster
        .server()
        .expect()
        .put()
        .withPath(CONFIG_MAPS + "/web-config")
        .andReturn(422, invalid())
        .always();

    feedRevisionTwo();

    awaitRefusedRevisionTwo();
    assertRevisionOneRunsUntouched();
  }

  @Test
  void aTransientFailureOfTheSecondObjectIsRetriedUntilTheWholeRevisionIsApplied() {
    dryRunAnswers(CONFIG_MAPS + "/web-config", 200, configMap("shop", "web-config", "2"));
    dryRunAnswers(DEPLOYMENTS + "/web", 200, web("nginx:1.28"));
    harness
        .cluster
        .server()
        .expect()
        .put()
        .withPath(DEPLOYMENTS + "/web")
        .andReturn(
            500, new StatusBuilder().withCode(500).withMessage("etcdserver: timeout").build())
        .once();

    feedRevisionTwo();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport())
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.generation()).isEqualTo(2);
                          assertThat(report.applied()).isTrue();
                          assertThat(report.workloadRevision()).isEqualTo(2);
                        }));
    assertThat(image()).isEqualTo("nginx:1.28");
    assertThat(config()).isEqualTo("2");
    await().atMost(Duration.ofSeconds(5)).until(() -> legacy() == null);
  }

  private void awaitRefusedRevisionTwo() {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(latestReport())
                    .hasValueSatisfying(
                        report -> {
                          assertThat(report.generation()).isEqualTo(2);
                          assertThat(report.applied()).isFalse();
                          assertThat(report.errors())
                              .anySatisfy(error -> assertThat(error).contains("is invalid"));
                        }));
  }

  /** Revision 1's objects as they were, and the federation told that the cluster runs it. */
  private void assertRevisionOneRunsUntouched() {
    assertThat(config()).as("revision 1's ConfigMap").isEqualTo("1");
    assertThat(image()).as("revision 1's Deployment").isEqualTo("nginx:1.27");
    assertThat(legacy()).as("revision 1's ConfigMap that revision 2 drops").isNotNull();
    assertThat(latestReport())
        .hasValueSatisfying(report -> assertThat(report.workloadRevision()).isEqualTo(1));
  }

  private void dryRunAnswers(String path, int code, Object body) {
    harness.cluster.server().expect().put().withPath(path + DRY_RUN).andReturn(code, body).always();
  }

  private static Status invalid() {
    return new StatusBuilder()
        .withCode(422)
        .withReason("Invalid")
        .withMessage(
            "Deployment.apps \"web\" is invalid: spec.template.spec.containers[0].image: Required"
                + " value")
        .build();
  }

  private static HasMetadata web(String image) {
    return new DeploymentBuilder((Deployment) Workloads.deployment("shop", "web", 2))
        .editSpec()
        .editTemplate()
        .editSpec()
        .editFirstContainer()
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private String image() {
    Deployment web = harness.kube.apps().deployments().inNamespace("shop").withName("web").get();
    return web == null
        ? null
        : web.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  private String config() {
    ConfigMap map = harness.kube.configMaps().inNamespace("shop").withName("web-config").get();
    return map == null ? null : map.getData().get("value");
  }

  private ConfigMap legacy() {
    return harness.kube.configMaps().inNamespace("shop").withName("web-legacy").get();
  }

  private Optional<WorkloadReport> latestReport() {
    List<StatusReport> reports = harness.federation.statusReports();
    return reports.reversed().stream()
        .flatMap(r -> r.workloads().stream())
        .filter(w -> w.workloadUid().equals(WEB))
        .findFirst();
  }
}
