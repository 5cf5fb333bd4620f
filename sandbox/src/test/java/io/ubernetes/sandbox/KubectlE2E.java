package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.sandbox.Kubectl.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real kubectl 1.35 against the sandbox as it starts by default: over HTTPS, with nothing but
 * the kubeconfig the federation wrote (its URL, its certificate, the first admin's token). Each
 * test works on objects of its own in the namespace {@code default}, the kubeconfig's.
 *
 * <p>{@code kubectl delete} and {@code kubectl wait} wait with a watch-list request ({@code
 * sendInitialEvents=true}), as kubectl 1.35 does.
 */
class KubectlE2E {
  @TempDir static Path data;
  @TempDir static Path home;
  private static ConfigurableApplicationContext sandbox;
  private static Kubectl kubectl;
  private static final AtomicInteger NAMES = new AtomicInteger();

  @BeforeAll
  static void start() {
    // Downloaded before the sandbox starts: a missing kubectl fails fast, with the command to run.
    KubectlBinary.kubectl();
    sandbox =
        SandboxApplication.run(
            new String[] {
              "--clusters=2",
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--ubernetes.database.embedded.ephemeral=true",
              "--ubernetes.agents.data-directory=" + data,
              "--ubernetes.kubeconfig.enabled=true",
              "--ubernetes.sandbox.heartbeat-interval=1s",
              "--ubernetes.sandbox.start-delay=200ms",
              "--ubernetes.dns.port=0",
              "--spring.main.banner-mode=off"
            });
    kubectl = new Kubectl(data.resolve("kubeconfig"), home);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void versionShowsTheServersKubernetesVersionWithoutASkewWarning() {
    Result version = kubectl.run("version");

    assertThat(version.exitCode()).as(version.toString()).isZero();
    assertThat(version.out()).contains("Client Version: v1.35.").contains("Server Version: v1.35.");
    assertThat(version.err()).doesNotContain("WARNING");
  }

  @Test
  void apiResourcesListsTheGroupsKindsWithShortNamesAndTheirCategory() {
    Result resources = kubectl.run("api-resources", "--api-group=ubernetes.io");
    Result category = kubectl.run("api-resources", "--categories=ubernetes", "-o", "name");

    assertThat(resources.exitCode()).as(resources.toString()).isZero();
    assertThat(resources.out())
        .containsPattern("federatedworkloads\\s+fw\\s+ubernetes.io/v1\\s+true\\s+FederatedWorkload")
        .containsPattern("memberclusters\\s+mc\\s+ubernetes.io/v1\\s+false\\s+MemberCluster")
        .containsPattern("placementpolicies\\s+pp\\s+ubernetes.io/v1\\s+false\\s+PlacementPolicy")
        .containsPattern(
            "federatedservices\\s+fsvc\\s+ubernetes.io/v1\\s+true\\s+FederatedService");
    assertThat(category.out().lines())
        .containsExactlyInAnyOrder(
            "federatedservices.ubernetes.io",
            "federatedworkloads.ubernetes.io",
            "memberclusters.ubernetes.io",
            "placementpolicies.ubernetes.io");
  }

  @Test
  void getListsTheMemberClustersAndTheWorkloadsByShortNameAndCategory() {
    String name = create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Result clusters = kubectl.run("get", "mc");
              assertThat(clusters.exitCode()).as(clusters.toString()).isZero();
              // The header and the two simulated clusters, all joined.
              assertThat(clusters.out().lines()).hasSize(3).first().asString().startsWith("NAME");
            });
    Result workloads = kubectl.run("get", "fw");
    Result everything = kubectl.run("get", "ubernetes");

    assertThat(workloads.exitCode()).as(workloads.toString()).isZero();
    assertThat(workloads.out()).startsWith("NAME").contains(name);
    assertThat(everything.exitCode()).as(everything.toString()).isZero();
    assertThat(everything.out()).contains("federatedworkload.ubernetes.io/" + name);
  }

  @Test
  void createdObjectsReadBackAsYamlAndDescribe() {
    String name = create();

    Result yaml = kubectl.run("get", "fw", name, "-o", "yaml");
    Result describe = kubectl.run("describe", "fw", name);

    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    assertThat(yaml.out())
        .contains("apiVersion: ubernetes.io/v1")
        .contains("kind: FederatedWorkload")
        .contains("name: " + name)
        .contains("namespace: default")
        .contains("replicas: 2");
    assertThat(describe.exitCode()).as(describe.toString()).isZero();
    assertThat(describe.out()).containsPattern("Name:\\s+" + name).contains("Replicas:");
  }

  @Test
  void labelAndAnnotateChangeTheObjectsMetadata() {
    String name = create();

    Result label = kubectl.run("label", "fw", name, "tier=frontend");
    Result annotate = kubectl.run("annotate", "fw", name, "owner=team-a");

    assertThat(label.exitCode()).as(label.toString()).isZero();
    assertThat(label.out()).contains("federatedworkload.ubernetes.io/" + name + " labeled");
    assertThat(annotate.exitCode()).as(annotate.toString()).isZero();
    assertThat(annotate.out()).contains("federatedworkload.ubernetes.io/" + name + " annotated");
    assertThat(kubectl.run("get", "fw", "-l", "tier=frontend", "-o", "name").out())
        .contains("federatedworkload.ubernetes.io/" + name);
    assertThat(jsonPath(name, "{.metadata.annotations.owner}")).isEqualTo("team-a");
  }

  @Test
  void patchTakesMergeAndJsonPatches() {
    String name = create();

    Result merge =
        kubectl.run("patch", "fw", name, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}");
    String afterMerge = jsonPath(name, "{.spec.replicas}");
    Result json =
        kubectl.run(
            "patch",
            "fw",
            name,
            "--type=json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/replicas\",\"value\":5}]");

    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(merge.out()).contains("federatedworkload.ubernetes.io/" + name + " patched");
    assertThat(afterMerge).isEqualTo("3");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("5");
  }

  @Test
  void editSavesWhatTheEditorChanged() throws Exception {
    String name = create();
    Path editor = home.resolve("edit-replicas.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/replicas: 2/replicas: 7/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

    Result edit = kubectl.run(Map.of("KUBE_EDITOR", editor.toString()), null, "edit", "fw", name);

    assertThat(edit.exitCode()).as(edit.toString()).isZero();
    assertThat(edit.out()).contains("federatedworkload.ubernetes.io/" + name + " edited");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("7");
  }

  @Test
  void explainDescribesFieldsFromTheOpenApiDocument() {
    Result placement = kubectl.run("explain", "fw.spec.placement");
    Result clusters = kubectl.run("explain", "mc", "--recursive");

    assertThat(placement.exitCode()).as(placement.toString()).isZero();
    assertThat(placement.out())
        .contains("GROUP:      ubernetes.io")
        .contains("KIND:       FederatedWorkload")
        .contains("clusterSelector")
        .contains("Clusters must match it");
    assertThat(clusters.exitCode()).as(clusters.toString()).isZero();
    assertThat(clusters.out()).contains("taints").contains("effect").contains("conditions");
  }

  @Test
  void explainReadsTheSwagger2DocumentInProtobufToo() {
    // kubectl decodes /openapi/v2 with gnostic's Go types, as Argo CD does.
    Result spec = kubectl.run("explain", "fw.spec", "--output=plaintext-openapiv2");

    assertThat(spec.exitCode()).as(spec.toString()).isZero();
    assertThat(spec.out())
        .contains("KIND:     FederatedWorkload")
        .contains("placement")
        .contains("The total across the federation");
  }

  @Test
  void applyCreatesThenChangesThenRemovesAField() {
    String name = unique();

    Result created = kubectl.withInput(manifest(name, 2, "frontend"), "apply", "-f", "-");
    Result changed = kubectl.withInput(manifest(name, 4, "frontend"), "apply", "-f", "-");
    String replicas = jsonPath(name, "{.spec.replicas}");
    Result removed = kubectl.withInput(manifest(name, 4, null), "apply", "-f", "-");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("federatedworkload.ubernetes.io/" + name + " created");
    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(changed.out()).contains("federatedworkload.ubernetes.io/" + name + " configured");
    assertThat(replicas).isEqualTo("4");
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(jsonPath(name, "{.metadata.labels}")).doesNotContain("tier");
  }

  @Test
  void deleteRemovesTheObject() {
    String name = create();

    Result delete = kubectl.run("delete", "fw", name, "--timeout=30s");
    Result get = kubectl.run("get", "fw", name);

    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out()).contains("federatedworkload.ubernetes.io \"" + name + "\" deleted");
    assertThat(get.exitCode()).isEqualTo(1);
    assertThat(get.err()).contains("NotFound").contains(name);
  }

  @Test
  void anInvalidObjectIsRefusedNamingTheField() {
    String name = unique();

    Result create =
        kubectl.withInput(
            manifest(name, 2, null).replace("replicas: 2", "replicas: -1"), "create", "-f", "-");

    assertThat(create.exitCode()).as(create.toString()).isEqualTo(1);
    assertThat(create.err())
        .contains("The FederatedWorkload \"" + name + "\" is invalid:")
        .contains("spec.replicas: Invalid value:");
    assertThat(kubectl.run("get", "fw", name).exitCode()).isEqualTo(1);
  }

  @Test
  void getPrintsTheKindsColumnsAndWideOnesWithWide() {
    String name = create();

    Result table = kubectl.run("get", "fw", name);
    Result wide = kubectl.run("get", "fw", name, "-o", "wide");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .contains("DESIRED")
        .contains("READY")
        .doesNotContain("WHERE");
    assertThat(wide.out().lines().findFirst().orElseThrow()).contains("WHERE");
  }

  @Test
  void waitSeesAConditionReachedThroughAWatch() {
    String name = create();

    Result wait = kubectl.run("wait", "fw/" + name, "--for=condition=Scheduled", "--timeout=60s");

    assertThat(wait.exitCode()).as(wait.toString()).isZero();
    assertThat(wait.out()).contains("condition met");
  }

  @Test
  void authCanIAnswersFromTheCallersRole() {
    Result create = kubectl.run("auth", "can-i", "create", "fw");
    Result list = kubectl.run("auth", "can-i", "--list");

    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(create.out().strip()).isEqualTo("yes");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains("ubernetes.io");
  }

  @Test
  void serverSideApplyTakesFieldsAndNamesTheOwnerOfAConflict() {
    String name = unique();

    Result created =
        kubectl.withInput(manifest(name, 2, null), "apply", "--server-side", "-f", "-");
    Result conflict =
        kubectl.withInput(
            manifest(name, 3, null), "apply", "--server-side", "--field-manager=other", "-f", "-");
    Result forced =
        kubectl.withInput(
            manifest(name, 3, null),
            "apply",
            "--server-side",
            "--field-manager=other",
            "--force-conflicts",
            "-f",
            "-");

    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out())
        .contains("federatedworkload.ubernetes.io/" + name + " serverside-applied");
    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(1);
    assertThat(conflict.err()).contains("conflict with \"kubectl\"").contains(".spec.replicas");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("3");
  }

  /**
   * From client-side to server-side apply and back, as against a Kubernetes API server: kubectl
   * hands its client-side manager's fields to its Apply entry (a JSON patch of managedFields)
   * before it applies on the server, so the changed field is no conflict.
   */
  @Test
  void serverSideApplyAfterClientSideApplyTakesOverItsFieldsAndBack() {
    String name = unique();

    Result clientSide = kubectl.withInput(manifest(name, 2, null), "apply", "-f", "-");
    Result serverSide =
        kubectl.withInput(manifest(name, 3, null), "apply", "--server-side", "-f", "-");
    Result managers =
        kubectl.run(
            "get",
            "fw",
            name,
            "--show-managed-fields",
            "-o",
            "jsonpath={range .metadata.managedFields[*]}{.manager}/{.operation} {end}");
    Result owned =
        kubectl.run(
            "get",
            "fw",
            name,
            "--show-managed-fields",
            "-o",
            "jsonpath={.metadata.managedFields[?(@.manager==\"kubectl\")].fieldsV1}");
    Result clientSideAgain = kubectl.withInput(manifest(name, 4, null), "apply", "-f", "-");

    assertThat(clientSide.exitCode()).as(clientSide.toString()).isZero();
    assertThat(serverSide.exitCode()).as(serverSide.toString()).isZero();
    assertThat(serverSide.out())
        .contains("federatedworkload.ubernetes.io/" + name + " serverside-applied");
    // kubectl keeps the last-applied annotation under a manager of its own, as against Kubernetes.
    assertThat(managers.out().strip().split(" "))
        .as(managers.toString())
        .containsExactlyInAnyOrder("kubectl/Apply", "kubectl-last-applied/Apply");
    assertThat(owned.out()).contains("\"f:replicas\"").contains("\"f:template\"");
    assertThat(clientSideAgain.exitCode()).as(clientSideAgain.toString()).isZero();
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("4");
  }

  /** Creates a workload with {@code kubectl create -f} and returns its name. */
  private static String create() {
    String name = unique();
    Result created = kubectl.withInput(manifest(name, 2, null), "create", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("federatedworkload.ubernetes.io/" + name + " created");
    return name;
  }

  private static String jsonPath(String name, String path) {
    Result result = kubectl.run("get", "fw", name, "-o", "jsonpath=" + path);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result.out();
  }

  private static String unique() {
    return "web-" + NAMES.incrementAndGet();
  }

  /** A workload running nginx in the EU clusters; with a {@code tier} label when not null. */
  private static String manifest(String name, int replicas, String tier) {
    return """
        apiVersion: ubernetes.io/v1
        kind: FederatedWorkload
        metadata:
          name: %1$s
          labels:
            app: %1$s
        %3$s
        spec:
          replicas: %2$d
          template:
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              labels:
                app: %1$s
            spec:
              selector:
                matchLabels:
                  app: %1$s
              template:
                metadata:
                  labels:
                    app: %1$s
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    resources:
                      requests:
                        cpu: 100m
                        memory: 64Mi
          placement:
            clusterSelector:
              matchExpressions:
              - key: ubernetes.io/tier
                operator: Exists
        """
        .formatted(name, replicas, tier == null ? "" : "    tier: " + tier);
  }
}
