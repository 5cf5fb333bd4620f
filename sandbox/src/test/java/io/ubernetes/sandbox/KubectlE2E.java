package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.sandbox.Kubectl.Background;
import io.ubernetes.sandbox.Kubectl.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real kubectl 1.35 against the sandbox as it starts by default: over HTTPS, with nothing but
 * the kubeconfig the federation wrote (its URL, its certificate, the first admin's token). Each
 * test works on objects of its own, in the namespace {@code default} (the kubeconfig's) unless it
 * is about namespaces; a test that lists a whole namespace has one to itself.
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
        .containsPattern("rolloutstrategies\\s+ros\\s+ubernetes.io/v1\\s+false\\s+RolloutStrategy")
        .containsPattern("federatedservices\\s+fsvc\\s+ubernetes.io/v1\\s+true\\s+FederatedService")
        .containsPattern("overridepolicies\\s+op\\s+ubernetes.io/v1\\s+true\\s+OverridePolicy")
        .containsPattern(
            "clusteroverridepolicies\\s+cop\\s+ubernetes.io/v1\\s+false\\s+ClusterOverridePolicy")
        .containsPattern("federatedobjects\\s+fo\\s+ubernetes.io/v1\\s+true\\s+FederatedObject")
        .containsPattern("healthrules\\s+hr\\s+ubernetes.io/v1\\s+false\\s+HealthRule")
        .containsPattern(
            "clusterfederatedworkloads\\s+cfw\\s+ubernetes.io/v1\\s+false"
                + "\\s+ClusterFederatedWorkload")
        .containsPattern("clustersets\\s+cset\\s+ubernetes.io/v1\\s+false\\s+ClusterSet")
        .containsPattern(
            "clustersetbindings\\s+csb\\s+ubernetes.io/v1\\s+true\\s+ClusterSetBinding")
        .containsPattern(
            "federatedresourcequotas\\s+frq\\s+ubernetes.io/v1\\s+true"
                + "\\s+FederatedResourceQuota");
    assertThat(category.out().lines())
        .containsExactlyInAnyOrder(
            "federatedobjects.ubernetes.io",
            "clusterfederatedworkloads.ubernetes.io",
            "federatedservices.ubernetes.io",
            "federatedworkloads.ubernetes.io",
            "memberclusters.ubernetes.io",
            "placementpolicies.ubernetes.io",
            "rolloutstrategies.ubernetes.io",
            "overridepolicies.ubernetes.io",
            "clusteroverridepolicies.ubernetes.io",
            "healthrules.ubernetes.io",
            "clustersets.ubernetes.io",
            "clustersetbindings.ubernetes.io",
            "federatedresourcequotas.ubernetes.io");
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

  @Test
  void getWatchPrintsTheHeaderOnceThenTheRowAPatchChanged() {
    String name = create();

    try (Background one = kubectl.background("get", "fw", name, "-w");
        Background all = kubectl.background("get", "fw", "-A", "-w")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(one.out()).as(one.toString()).containsPattern("(?m)^" + row(name, 2));
                assertThat(all.out())
                    .as(all.toString())
                    .containsPattern("(?m)^default\\s+" + row(name, 2));
              });
      Result patch =
          kubectl.run("patch", "fw", name, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}");
      assertThat(patch.exitCode()).as(patch.toString()).isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(one.out()).as(one.toString()).containsPattern("(?m)^" + row(name, 3));
                assertThat(all.out())
                    .as(all.toString())
                    .containsPattern("(?m)^default\\s+" + row(name, 3));
              });
      assertThat(one.out().lines().filter(line -> line.startsWith("NAME"))).hasSize(1);
      assertThat(all.out().lines().filter(line -> line.startsWith("NAMESPACE"))).hasSize(1);
      assertThat(one.isAlive()).as(one.toString()).isTrue();
    }
  }

  @Test
  void getFollowsContinueTokensPageByPage() {
    String namespace = "paging";
    List<String> names = List.of(create(namespace), create(namespace), create(namespace));
    List<String> more = List.of(create(namespace), create(namespace));

    Result paged = kubectl.run("get", "fw", "-A", "--chunk-size=2", "-v=6");

    assertThat(paged.exitCode()).as(paged.toString()).isZero();
    for (String name : concat(names, more)) {
      assertThat(paged.out()).containsPattern("(?m)^paging\\s+" + name + "\\s");
    }
    assertThat(paged.out().lines().filter(line -> line.startsWith("NAMESPACE"))).hasSize(1);
    assertThat(paged.err()).contains("limit=2").containsPattern("continue=[^&\"\\s]+");
  }

  @Test
  void getAcrossNamespacesShowsTheNamespaceColumn() {
    String inDefault = create();
    String inOther = create("team-b");

    Result all = kubectl.run("get", "fw", "-A");
    Result other = kubectl.run("get", "fw", "-n", "team-b", "-o", "name");

    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.out().lines().findFirst().orElseThrow())
        .startsWith("NAMESPACE")
        .contains("NAME");
    assertThat(all.out())
        .containsPattern("(?m)^default\\s+" + inDefault + "\\s")
        .containsPattern("(?m)^team-b\\s+" + inOther + "\\s");
    assertThat(other.out().strip()).isEqualTo("federatedworkload.ubernetes.io/" + inOther);
  }

  @Test
  void applyWithStrictValidationRefusesAnUnknownFieldAndWarnStoresItWithAWarning() {
    String refused = unique();
    String warned = unique();

    Result strict =
        kubectl.withInput(withUnknownField(refused), "apply", "--validate=strict", "-f", "-");
    Result warn =
        kubectl.withInput(withUnknownField(warned), "apply", "--validate=warn", "-f", "-");

    assertThat(strict.exitCode()).as(strict.toString()).isEqualTo(1);
    assertThat(strict.err()).contains("spec.bogus");
    assertThat(kubectl.run("get", "fw", refused).err()).contains("NotFound");
    assertThat(warn.exitCode()).as(warn.toString()).isZero();
    assertThat(warn.err()).contains("Warning: unknown field \"spec.bogus\"");
    assertThat(warn.out()).contains("federatedworkload.ubernetes.io/" + warned + " created");
    assertThat(jsonPath(warned, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void serverDryRunsOfCreateApplyAndDeleteChangeNothing() {
    String absent = unique();
    String existing = create();

    Result create =
        kubectl.withInput(manifest(absent, 2, null), "create", "--dry-run=server", "-f", "-");
    Result apply =
        kubectl.withInput(
            manifest(existing, 5, null),
            "apply",
            "--server-side",
            "--force-conflicts",
            "--dry-run=server",
            "-f",
            "-");
    Result delete = kubectl.run("delete", "fw", existing, "--dry-run=server");

    assertThat(create.exitCode()).as(create.toString()).isZero();
    assertThat(create.out())
        .contains("federatedworkload.ubernetes.io/" + absent + " created (server dry run)");
    assertThat(kubectl.run("get", "fw", absent).err()).contains("NotFound");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(apply.out())
        .contains(
            "federatedworkload.ubernetes.io/" + existing + " serverside-applied (server dry run)");
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(delete.out())
        .contains(
            "federatedworkload.ubernetes.io \""
                + existing
                + "\" deleted from default namespace (server dry run)");
    assertThat(jsonPath(existing, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void diffExitsZeroWhenUnchangedAndShowsTheChangedField() {
    String name = unique();
    Result applied = kubectl.withInput(manifest(name, 2, null), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();

    Result same = kubectl.withInput(manifest(name, 2, null), "diff", "-f", "-");
    Result changed = kubectl.withInput(manifest(name, 4, null), "diff", "-f", "-");

    assertThat(same.exitCode()).as(same.toString()).isZero();
    assertThat(same.out()).isEmpty();
    assertThat(changed.exitCode()).as(changed.toString()).isEqualTo(1);
    assertThat(changed.out())
        .containsPattern("(?m)^-\\s+replicas: 2$")
        .containsPattern("(?m)^\\+\\s+replicas: 4$");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void deleteWithEveryCascadeRemovesTheObjectAndNamesIt() {
    String foreground = create();
    String orphan = create();

    Result first = kubectl.run("delete", "fw", foreground, "--cascade=foreground", "--timeout=30s");
    Result second = kubectl.run("delete", "fw", orphan, "--cascade=orphan", "-o", "name");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out())
        .contains("federatedworkload.ubernetes.io \"" + foreground + "\" deleted");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out().strip()).isEqualTo("federatedworkload.ubernetes.io/" + orphan);
    assertThat(kubectl.run("get", "fw", foreground).err()).contains("NotFound");
    assertThat(kubectl.run("get", "fw", orphan).err()).contains("NotFound");
  }

  @Test
  void replaceWithAStaleResourceVersionIsAConflictAndWithAFreshOneSucceeds() {
    String name = create();
    String stale = kubectl.run("get", "fw", name, "-o", "yaml").out();
    Result patch =
        kubectl.run("patch", "fw", name, "--type=merge", "-p", "{\"spec\":{\"replicas\":3}}");
    assertThat(patch.exitCode()).as(patch.toString()).isZero();

    Result conflict =
        kubectl.withInput(stale.replace("replicas: 2", "replicas: 6"), "replace", "-f", "-");
    // The status changes while the workload is placed, and with it the resourceVersion: a user
    // reads again and retries, as kubectl's message says.
    Result replaced =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  String fresh = kubectl.run("get", "fw", name, "-o", "yaml").out();
                  return kubectl.withInput(
                      fresh.replace("replicas: 3", "replicas: 6"), "replace", "-f", "-");
                },
                result -> result.exitCode() == 0);

    assertThat(conflict.exitCode()).as(conflict.toString()).isEqualTo(1);
    assertThat(conflict.err())
        .contains(
            "Operation cannot be fulfilled on federatedworkloads.ubernetes.io \""
                + name
                + "\": the object has been modified; please apply your changes to the latest"
                + " version and try again");
    assertThat(replaced.exitCode()).as(replaced.toString()).isZero();
    assertThat(replaced.out()).contains("federatedworkload.ubernetes.io/" + name + " replaced");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("6");
  }

  @Test
  void anExecPluginsTokenIsUsedAndAWrongOneIsUnauthorized() throws Exception {
    String kubeconfig = Files.readString(data.resolve("kubeconfig"));
    Matcher token = Pattern.compile("(?m)^    token: \"([^\"]+)\"$").matcher(kubeconfig);
    assertThat(token.find()).as(kubeconfig).isTrue();

    Result valid = withExecPlugin(kubeconfig, token.group(1), "valid").run("get", "fw");
    Result wrong = withExecPlugin(kubeconfig, "not-a-token", "wrong").run("get", "fw");

    assertThat(valid.exitCode()).as(valid.toString()).isZero();
    assertThat(valid.out()).startsWith("NAME");
    assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.err()).contains("You must be logged in to the server");
  }

  @Test
  void clustersAndPoliciesDescribeAndListAndTheGroupReadsRaw() {
    String policy = unique();
    Result created = kubectl.withInput(policy(policy), "create", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    String cluster =
        kubectl
            .run("get", "mc", "-o", "name")
            .out()
            .lines()
            .findFirst()
            .orElseThrow()
            .substring("membercluster.ubernetes.io/".length());

    Result describe = kubectl.run("describe", "mc", cluster);
    Result wide = kubectl.run("get", "mc", "-o", "wide");
    Result policies = kubectl.run("get", "pp");
    Result raw = kubectl.run("get", "--raw", "/apis/ubernetes.io/v1");

    assertThat(describe.exitCode()).as(describe.toString()).isZero();
    assertThat(describe.out()).containsPattern("Name:\\s+" + cluster).contains("Kind:");
    assertThat(wide.exitCode()).as(wide.toString()).isZero();
    assertThat(wide.out().lines().findFirst().orElseThrow()).startsWith("NAME");
    assertThat(wide.out()).containsPattern("(?m)^" + cluster + "\\s");
    assertThat(policies.exitCode()).as(policies.toString()).isZero();
    assertThat(policies.out()).containsPattern("(?m)^" + policy + "\\s");
    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    assertThat(raw.out())
        .contains("\"kind\":\"APIResourceList\"")
        .contains("\"groupVersion\":\"ubernetes.io/v1\"")
        .contains("\"name\":\"federatedworkloads\"");
  }

  @Test
  void waitSeesReadinessAJsonPathValueAndTheDeletion() {
    String name = create();

    Result ready = kubectl.run("wait", "fw/" + name, "--for=condition=Ready", "--timeout=60s");
    Result replicas =
        kubectl.run(
            "wait", "fw/" + name, "--for=jsonpath={.status.readyReplicas}=2", "--timeout=60s");
    try (Background deleted =
        kubectl.background("wait", "fw/" + name, "--for=delete", "--timeout=60s", "-v=6")) {
      awaitWatching(deleted);
      Result delete = kubectl.run("delete", "fw", name, "--wait=false");
      assertThat(delete.exitCode()).as(delete.toString()).isZero();

      await().atMost(Duration.ofSeconds(60)).until(() -> !deleted.isAlive());
      assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
      assertThat(deleted.out()).contains("condition met");
    }

    assertThat(ready.exitCode()).as(ready.toString()).isZero();
    assertThat(ready.out()).contains("federatedworkload.ubernetes.io/" + name + " condition met");
    assertThat(replicas.exitCode()).as(replicas.toString()).isZero();
    assertThat(replicas.out()).contains("condition met");
  }

  @Test
  void getWatchWithEventsPrintsTheModificationAndTheDeletion() {
    String name = create();

    try (Background watch = kubectl.background("get", "fw", name, "-w", "--output-watch-events")) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(watch.out()).as(watch.toString()).containsPattern("(?m)^EVENT"));
      Result patch =
          kubectl.run("patch", "fw", name, "--type=merge", "-p", "{\"spec\":{\"replicas\":4}}");
      assertThat(patch.exitCode()).as(patch.toString()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(watch.out())
                      .as(watch.toString())
                      .containsPattern("(?m)^MODIFIED\\s+" + row(name, 4)));
      Result delete = kubectl.run("delete", "fw", name, "--timeout=30s");
      assertThat(delete.exitCode()).as(delete.toString()).isZero();

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(watch.out())
                      .as(watch.toString())
                      .containsPattern("(?m)^DELETED\\s+" + name + "\\s"));
    }
  }

  @Test
  void getShowsLabelsLabelColumnsCustomColumnsAndSorts() {
    String name = create();
    assertThat(kubectl.run("label", "fw", name, "tier=backend").exitCode()).isZero();

    Result labels = kubectl.run("get", "fw", name, "--show-labels");
    Result column = kubectl.run("get", "fw", name, "-L", "tier");
    Result custom =
        kubectl.run(
            "get", "fw", name, "-o", "custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas");
    Result sorted = kubectl.run("get", "fw", "--sort-by=.metadata.creationTimestamp", "-o", "name");

    assertThat(labels.exitCode()).as(labels.toString()).isZero();
    assertThat(labels.out().lines().findFirst().orElseThrow()).endsWith("LABELS");
    assertThat(labels.out()).contains("app=" + name + ",tier=backend");
    assertThat(column.exitCode()).as(column.toString()).isZero();
    assertThat(column.out().lines().findFirst().orElseThrow()).endsWith("TIER");
    assertThat(column.out()).containsPattern("(?m)^" + name + "\\s.*\\sbackend$");
    assertThat(custom.exitCode()).as(custom.toString()).isZero();
    assertThat(custom.out()).containsPattern("(?m)^" + name + "\\s+2$");
    assertThat(sorted.exitCode()).as(sorted.toString()).isZero();
    assertThat(sorted.out().lines().toList())
        .last()
        .isEqualTo("federatedworkload.ubernetes.io/" + name);
  }

  @Test
  void labelKeepsAValueUnlessOverwrittenAndRemovesALabel() {
    String name = create();
    kubectl.run("label", "fw", name, "tier=a");

    Result kept = kubectl.run("label", "fw", name, "tier=b");
    Result overwritten = kubectl.run("label", "fw", name, "tier=b", "--overwrite");
    String afterOverwrite = jsonPath(name, "{.metadata.labels.tier}");
    Result removed = kubectl.run("label", "fw", name, "tier-");

    assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(1);
    assertThat(kept.err()).contains("'tier' already has a value (a)");
    assertThat(overwritten.exitCode()).as(overwritten.toString()).isZero();
    assertThat(afterOverwrite).isEqualTo("b");
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(removed.out()).contains("federatedworkload.ubernetes.io/" + name + " unlabeled");
    assertThat(jsonPath(name, "{.metadata.labels}")).doesNotContain("tier");
  }

  @Test
  void deleteOfAMissingObjectIsNotFoundUnlessIgnoredAndDeleteBySelectorRemovesTheMatches() {
    String name = create();
    String missing = unique();

    Result absent = kubectl.run("delete", "fw", missing);
    Result ignored = kubectl.run("delete", "fw", missing, "--ignore-not-found");
    Result bySelector = kubectl.run("delete", "fw", "-l", "app=" + name, "--timeout=30s");

    assertThat(absent.exitCode()).as(absent.toString()).isEqualTo(1);
    assertThat(absent.err())
        .contains(
            "Error from server (NotFound): federatedworkloads.ubernetes.io \""
                + missing
                + "\" not found");
    assertThat(ignored.exitCode()).as(ignored.toString()).isZero();
    assertThat(ignored.out()).isEmpty();
    assertThat(bySelector.exitCode()).as(bySelector.toString()).isZero();
    assertThat(bySelector.out())
        .contains("federatedworkload.ubernetes.io \"" + name + "\" deleted");
    assertThat(kubectl.run("get", "fw", name).err()).contains("NotFound");
  }

  @Test
  void getReadsTheStatusSubresourceAndSeveralKindsAtOnce() {
    String name = create();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(jsonPath(name, "{.status.desiredReplicas}")).isEqualTo("2"));

    Result status =
        kubectl.run(
            "get", "fw", name, "--subresource=status", "-o", "jsonpath={.status.desiredReplicas}");
    Result kinds = kubectl.run("get", "fw,mc");
    Result versions = kubectl.run("api-versions");

    assertThat(status.exitCode()).as(status.toString()).isZero();
    assertThat(status.out()).isEqualTo("2");
    assertThat(kinds.exitCode()).as(kinds.toString()).isZero();
    assertThat(kinds.out())
        .contains("federatedworkload.ubernetes.io/" + name)
        .contains("membercluster.ubernetes.io/");
    assertThat(versions.out().lines()).contains("ubernetes.io/v1");
  }

  @Test
  void getSelectsByFieldAndBySetBasedLabelSelectors() {
    String name = create();
    String other = create();

    Result byField =
        kubectl.run("get", "fw", "--field-selector=metadata.name=" + name, "--no-headers");
    Result bySet =
        kubectl.run("get", "fw", "-l", "app in (" + name + "," + other + ")", "-o", "name");
    Result unsupported = kubectl.run("get", "fw", "--field-selector=spec.replicas=2");

    assertThat(byField.exitCode()).as(byField.toString()).isZero();
    assertThat(byField.out().lines()).singleElement().asString().startsWith(name + " ");
    assertThat(bySet.exitCode()).as(bySet.toString()).isZero();
    assertThat(bySet.out().lines())
        .containsExactlyInAnyOrder(
            "federatedworkload.ubernetes.io/" + name, "federatedworkload.ubernetes.io/" + other);
    assertThat(unsupported.exitCode()).as(unsupported.toString()).isEqualTo(1);
    assertThat(unsupported.err())
        .contains("Error from server (BadRequest)")
        .contains("spec.replicas");
  }

  @Test
  void createOfAnExistingObjectIsAlreadyExistsAndReplaceForceRecreatesIt() {
    String name = create();
    String uid = jsonPath(name, "{.metadata.uid}");

    Result again = kubectl.withInput(manifest(name, 2, null), "create", "-f", "-");
    Result forced = kubectl.withInput(manifest(name, 3, null), "replace", "--force", "-f", "-");

    assertThat(again.exitCode()).as(again.toString()).isEqualTo(1);
    assertThat(again.err())
        .contains(
            "Error from server (AlreadyExists): error when creating \"STDIN\":"
                + " federatedworkloads.ubernetes.io \""
                + name
                + "\" already exists");
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.out())
        .contains("federatedworkload.ubernetes.io \"" + name + "\" deleted")
        .contains("federatedworkload.ubernetes.io/" + name + " replaced");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("3");
    assertThat(jsonPath(name, "{.metadata.uid}")).isNotEqualTo(uid);
  }

  @Test
  void applyKeepsTheLastAppliedConfigurationKubectlCanShow() {
    String name = unique();
    Result applied = kubectl.withInput(manifest(name, 2, "web"), "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();

    Result last = kubectl.run("apply", "view-last-applied", "fw", name);
    Result set =
        kubectl.withInput(manifest(name, 9, "web"), "apply", "set-last-applied", "-f", "-");

    assertThat(last.exitCode()).as(last.toString()).isZero();
    assertThat(last.out()).contains("name: " + name).contains("replicas: 2").contains("tier: web");
    assertThat(set.exitCode()).as(set.toString()).isZero();
    assertThat(kubectl.run("apply", "view-last-applied", "fw", name).out()).contains("replicas: 9");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void watchesOfClusterScopedKindsAndOfObjectsCreatedLaterPrintTheirRows() {
    String policy = unique();

    try (Background policies =
            kubectl.background("get", "pp", "-w", "--output-watch-events", "-v=6");
        Background workloads =
            kubectl.background("get", "fw", "-A", "-w", "--watch-only", "-v=6")) {
      awaitWatching(policies);
      awaitWatching(workloads);
      Result created = kubectl.withInput(policy(policy), "create", "-f", "-");
      assertThat(created.exitCode()).as(created.toString()).isZero();
      String workload = create("team-c");

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                assertThat(policies.out())
                    .as(policies.toString())
                    .containsPattern("(?m)^ADDED\\s+" + policy + "\\s");
                assertThat(workloads.out())
                    .as(workloads.toString())
                    .containsPattern("(?m)^team-c\\s+" + workload + "\\s");
              });
    }
  }

  @Test
  void anEmptyNamespaceHasNoResourcesAndAChunkedListReadsAsOneList() {
    String namespace = "chunks";
    String first = create(namespace);
    String second = create(namespace);
    String third = create(namespace);

    Result empty = kubectl.run("get", "fw", "-n", "nothing-here");
    Result yaml = kubectl.run("get", "fw", "-n", namespace, "--chunk-size=1", "-o", "yaml");

    assertThat(empty.exitCode()).as(empty.toString()).isZero();
    assertThat(empty.err()).contains("No resources found in nothing-here namespace.");
    assertThat(yaml.exitCode()).as(yaml.toString()).isZero();
    assertThat(yaml.out())
        .startsWith("apiVersion: v1")
        .contains("kind: List")
        .contains("name: " + first)
        .contains("name: " + second)
        .contains("name: " + third);
  }

  @Test
  void aViewerConfinedToANamespaceReadsItAndIsRefusedTheRestInKubernetesWords() throws Exception {
    String namespace = "team-v";
    String visible = create(namespace);
    String hidden = create();
    Kubectl viewer =
        withToken(
            kubectl.issueToken(
                "{\"name\": \"kubectl-viewer\", \"role\": \"viewer\", \"expiresIn\": \"1d\","
                    + " \"namespaces\": [\""
                    + namespace
                    + "\"]}"),
            "viewer");

    Result canList = viewer.run("auth", "can-i", "list", "fw", "-n", namespace);
    Result canCreate = viewer.run("auth", "can-i", "create", "fw", "-n", namespace);
    Result own = viewer.run("get", "fw", "-n", namespace, "-o", "name");
    Result all = viewer.run("get", "fw", "-A", "-o", "name");
    Result other = viewer.run("get", "fw", "-n", "default");
    Result create =
        viewer.withInput(manifest(unique(), 2, null), "create", "-n", namespace, "-f", "-");

    assertThat(canList.out().strip()).as(canList.toString()).isEqualTo("yes");
    assertThat(canCreate.exitCode()).as(canCreate.toString()).isEqualTo(1);
    assertThat(canCreate.out()).startsWith("no");
    assertThat(own.exitCode()).as(own.toString()).isZero();
    assertThat(own.out().strip()).isEqualTo("federatedworkload.ubernetes.io/" + visible);
    assertThat(all.exitCode()).as(all.toString()).isZero();
    assertThat(all.out()).contains("/" + visible).doesNotContain("/" + hidden + "\n");
    assertThat(other.exitCode()).as(other.toString()).isEqualTo(1);
    assertThat(other.err())
        .contains("Error from server (Forbidden)")
        .contains("cannot list resource \"federatedworkloads\" in API group \"ubernetes.io\"");
    assertThat(create.exitCode()).as(create.toString()).isEqualTo(1);
    assertThat(create.err()).contains("Error from server (Forbidden)");
  }

  @Test
  void createRawPostsABodyWithoutAContentType() {
    String name = unique();
    String json =
        kubectl
            .withInput(
                manifest(name, 2, null), "create", "--dry-run=client", "-o", "json", "-f", "-")
            .out();

    Result raw =
        kubectl.withInput(
            json,
            "create",
            "--raw",
            "/apis/ubernetes.io/v1/namespaces/default/federatedworkloads",
            "-f",
            "-");

    assertThat(raw.exitCode()).as(raw.toString()).isZero();
    assertThat(raw.out()).contains("\"kind\":\"FederatedWorkload\"").contains(name);
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void patchWithoutATypeIsRefusedAsForCustomResources() {
    String name = create();

    Result strategic = kubectl.run("patch", "fw", name, "-p", "{\"spec\":{\"replicas\":3}}");

    assertThat(strategic.exitCode()).as(strategic.toString()).isEqualTo(1);
    assertThat(strategic.err())
        .contains(
            "application/strategic-merge-patch+json is not supported by ubernetes.io/v1,"
                + " Kind=FederatedWorkload")
        .contains("application/merge-patch+json");
    assertThat(jsonPath(name, "{.spec.replicas}")).isEqualTo("2");
  }

  @Test
  void aPolicyInUseIsNotDeletedAndDeleteOfTheFileRemovesBoth() {
    String policy = unique();
    String workload = unique();
    String referrer =
        manifest(workload, 2, null)
            .replaceFirst("(?s)  placement:\n.*$", "  placement:\n    policyRef: " + policy + "\n");
    // A workload's policy must exist when it is written: the policy comes first, and goes last.
    Result applied = kubectl.withInput(policy(policy) + "---\n" + referrer, "apply", "-f", "-");
    assertThat(applied.exitCode()).as(applied.toString()).isZero();

    Result inUse = kubectl.run("delete", "pp", policy, "--timeout=30s");
    Result both =
        kubectl.withInput(
            referrer + "---\n" + policy(policy), "delete", "-f", "-", "--timeout=30s");

    assertThat(applied.out())
        .contains("federatedworkload.ubernetes.io/" + workload + " created")
        .contains("placementpolicy.ubernetes.io/" + policy + " created");
    assertThat(inUse.exitCode()).as(inUse.toString()).isEqualTo(1);
    assertThat(inUse.err()).contains("Error from server").contains(workload);
    assertThat(both.exitCode()).as(both.toString()).isZero();
    assertThat(kubectl.run("get", "pp", policy).err()).contains("NotFound");
    assertThat(kubectl.run("get", "fw", workload).err()).contains("NotFound");
  }

  @Test
  void annotateKeepsAValueUnlessOverwrittenAndJsonPathReadsAList() {
    String name = create("notes");
    String other = create("notes");
    kubectl.run("annotate", "fw", name, "-n", "notes", "owner=a");

    Result kept = kubectl.run("annotate", "fw", name, "-n", "notes", "owner=b");
    Result overwritten =
        kubectl.run("annotate", "fw", name, "-n", "notes", "owner=b", "--overwrite");
    Result removed = kubectl.run("annotate", "fw", name, "-n", "notes", "owner-");
    Result names =
        kubectl.run("get", "fw", "-n", "notes", "-o", "jsonpath={.items[*].metadata.name}");

    assertThat(kept.exitCode()).as(kept.toString()).isEqualTo(1);
    assertThat(kept.err()).contains("'owner' already has a value (a)");
    assertThat(overwritten.exitCode()).as(overwritten.toString()).isZero();
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(kubectl.run("get", "fw", name, "-n", "notes", "-o", "jsonpath={.metadata}").out())
        .doesNotContain("owner");
    assertThat(names.exitCode()).as(names.toString()).isZero();
    assertThat(names.out().split(" ")).containsExactlyInAnyOrder(name, other);
  }

  @Test
  void getShowsTheRevisionAndRolloutColumnsAndRawReadsTheRevisions() {
    String name = create();
    Result complete =
        kubectl.run(
            "wait",
            "fw/" + name,
            "--for=jsonpath={.status.rollout.phase}=Complete",
            "--timeout=60s");

    Result table = kubectl.run("get", "fw", name);
    Result revisions =
        kubectl.run(
            "get",
            "--raw",
            "/apis/ubernetes.io/v1/namespaces/default/federatedworkloads/" + name + "/revisions");

    assertThat(complete.exitCode()).as(complete.toString()).isZero();
    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out().lines().findFirst().orElseThrow())
        .contains("REVISION")
        .contains("ROLLOUT");
    assertThat(table.out()).containsPattern("(?m)^" + name + "\\s");
    assertThat(revisions.exitCode()).as(revisions.toString()).isZero();
    assertThat(revisions.out())
        .contains("\"kind\":\"WorkloadRevisionList\"")
        .contains("\"revision\":1");
  }

  @Test
  void aMergePatchOfRolloutControlPausesARolloutAndAnotherResumesIt() {
    String strategy = unique();
    String name = unique();
    Result created =
        kubectl.withInput(
            strategy(strategy)
                + "---\n"
                + manifest(name, 2, null)
                + "  rolloutStrategy:\n    strategyRef: "
                + strategy
                + "\n",
            "apply",
            "-f",
            "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    Result first =
        kubectl.run(
            "wait",
            "fw/" + name,
            "--for=jsonpath={.status.rollout.currentRevision}=1",
            "--timeout=60s");

    Result paused =
        kubectl.run(
            "patch",
            "fw",
            name,
            "--type=merge",
            "-p",
            "{\"spec\":{\"rolloutControl\":{\"paused\":true}}}");
    Result image =
        kubectl.run(
            "patch",
            "fw",
            name,
            "--type=json",
            "-p",
            "[{\"op\":\"replace\",\"path\":\"/spec/template/spec/template/spec/containers/0/image\","
                + "\"value\":\"nginx:1.28\"}]");
    Result held =
        kubectl.run(
            "wait", "fw/" + name, "--for=jsonpath={.status.rollout.phase}=Paused", "--timeout=60s");
    String revisions =
        jsonPath(name, "{.status.rollout.currentRevision}/{.status.rollout.targetRevision}");
    Result strategies = kubectl.run("get", "ros");
    Result resumed =
        kubectl.run(
            "patch",
            "fw",
            name,
            "--type=merge",
            "-p",
            "{\"spec\":{\"rolloutControl\":{\"paused\":false}}}");
    Result second =
        kubectl.run(
            "wait",
            "fw/" + name,
            "--for=jsonpath={.status.rollout.currentRevision}=2",
            "--timeout=60s");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(paused.exitCode()).as(paused.toString()).isZero();
    assertThat(image.exitCode()).as(image.toString()).isZero();
    assertThat(held.exitCode()).as(held.toString()).isZero();
    assertThat(revisions).isEqualTo("1/2");
    assertThat(strategies.exitCode()).as(strategies.toString()).isZero();
    assertThat(strategies.out().lines().findFirst().orElseThrow()).startsWith("NAME");
    assertThat(strategies.out()).containsPattern("(?m)^" + strategy + "\\s+first\\s");
    assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(jsonPath(name, "{.status.rollout.phase}")).isEqualTo("Complete");
  }

  /** Creates a workload with {@code kubectl create -f} and returns its name. */
  private static String create() {
    String name = unique();
    Result created = kubectl.withInput(manifest(name, 2, null), "create", "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    assertThat(created.out()).contains("federatedworkload.ubernetes.io/" + name + " created");
    return name;
  }

  /** Waits until kubectl has its watch open: at -v=6 it logs each response it got. */
  private static void awaitWatching(Background kubectl) {
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(kubectl.err()).as(kubectl.toString()).contains("watch=true"));
  }

  /** Creates a workload in {@code namespace} and returns its name. */
  private static String create(String namespace) {
    String name = unique();
    Result created =
        kubectl.withInput(manifest(name, 2, null), "create", "-n", namespace, "-f", "-");
    assertThat(created.exitCode()).as(created.toString()).isZero();
    return name;
  }

  /** A row of {@code kubectl get fw}: the name, then the desired replicas. */
  private static String row(String name, int desired) {
    return name + "\\s+" + desired + "\\s";
  }

  private static List<String> concat(List<String> first, List<String> second) {
    return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
  }

  private static String withUnknownField(String name) {
    return manifest(name, 2, null).replace("  replicas: 2\n", "  replicas: 2\n  bogus: true\n");
  }

  /**
   * kubectl with a kubeconfig whose user gets its token from an exec plugin, as an identity
   * provider's plugin gives one: a script that prints an ExecCredential with {@code token}.
   */
  private static Kubectl withExecPlugin(String kubeconfig, String token, String label)
      throws Exception {
    Path plugin = home.resolve("credential-" + label + ".sh");
    Files.writeString(
        plugin,
        """
        #!/bin/sh
        echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",\
        "status":{"token":"%s"}}'
        """
            .formatted(token));
    Files.setPosixFilePermissions(plugin, PosixFilePermissions.fromString("rwx------"));
    String exec =
        """
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: %s
              interactiveMode: Never
        """
            .formatted(plugin);
    Path file = home.resolve("kubeconfig-" + label);
    Files.writeString(
        file,
        kubeconfig.replaceFirst("(?m)^    token: \"[^\"]+\"\n", Matcher.quoteReplacement(exec)));
    return new Kubectl(file, home.resolve("exec-" + label));
  }

  /** kubectl with the service's kubeconfig but another bearer token. */
  private static Kubectl withToken(String token, String label) throws Exception {
    String kubeconfig = Files.readString(data.resolve("kubeconfig"));
    Path file = home.resolve("kubeconfig-" + label);
    Files.writeString(
        file,
        kubeconfig.replaceFirst(
            "(?m)^    token: \"[^\"]+\"$",
            Matcher.quoteReplacement("    token: \"" + token + "\"")));
    return new Kubectl(file, home.resolve("token-" + label));
  }

  /** A placement policy that selects every cluster with a tier. */
  private static String policy(String name) {
    return """
        apiVersion: ubernetes.io/v1
        kind: PlacementPolicy
        metadata:
          name: %s
        spec:
          clusterSelector:
            matchExpressions:
            - key: ubernetes.io/tier
              operator: Exists
        """
        .formatted(name);
  }

  /** A rollout strategy of one stage, every cluster with a tier, each healthy for a second. */
  private static String strategy(String name) {
    return """
        apiVersion: ubernetes.io/v1
        kind: RolloutStrategy
        metadata:
          name: %s
        spec:
          stages:
          - name: first
            minReadyTime: 1s
            clusterSelector:
              matchExpressions:
              - key: ubernetes.io/tier
                operator: Exists
        """
        .formatted(name);
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
    return manifest(name, replicas, tier, "{key: ubernetes.io/tier, operator: Exists}");
  }

  /** The cluster expression of a workload confined to the sandbox's EU regions. */
  static final String IN_THE_EU =
      "{key: topology.kubernetes.io/region, operator: In, values: [eu-central, eu-west, eu-north]}";

  /**
   * A workload running nginx on the clusters {@code clusterExpression} selects (one {@code
   * matchExpressions} entry in YAML's flow style); with a {@code tier} label when not null.
   */
  static String manifest(String name, int replicas, String tier, String clusterExpression) {
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
              - %4$s
        """
        .formatted(name, replicas, tier == null ? "" : "    tier: " + tier, clusterExpression);
  }
}
