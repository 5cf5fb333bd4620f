package io.ubernetes.federation.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.policy.Placement.ClusterSelector;
import io.ubernetes.placement.Fence;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Which clusters a namespace may use, from its bindings or the default set. */
class TenancyRulesTest {
  private static final Map<String, Map<String, String>> FLEET =
      Map.of(
          "fra", Map.of("topology.kubernetes.io/region", "eu-central"),
          "dub", Map.of("topology.kubernetes.io/region", "eu-west"),
          "iad", Map.of("topology.kubernetes.io/region", "us-east"));
  private static final SortedMap<String, ClusterSelector> SETS =
      new TreeMap<>(
          Map.of(
              "eu-central", region("eu-central"),
              "eu-west", region("eu-west"),
              "all", new ClusterSelector(Map.of(), List.of())));

  @Test
  void withoutBindingsOrDefaultSetEveryNamespaceUsesEveryCluster() {
    TenancyRules.Fences fences = rules(Map.of(), null).fences(FLEET);

    assertThat(fences.of("shop")).isNull();
  }

  @Test
  void aNamespaceWithBindingsUsesTheUnionOfItsSetsAndAMissingSetAddsNothing() {
    Fence fence =
        rules(Map.of("shop", List.of("eu-central", "eu-west", "gone")), "all")
            .fences(FLEET)
            .of("shop");

    assertThat(fence.clusters()).containsExactlyInAnyOrder("fra", "dub");
    assertThat(fence.reason()).isEqualTo("not in a cluster set bound to namespace shop");
  }

  @Test
  void aNamespaceBoundOnlyToMissingSetsUsesNoCluster() {
    Fence fence = rules(Map.of("shop", List.of("gone")), null).fences(FLEET).of("shop");

    assertThat(fence.clusters()).isEmpty();
  }

  @Test
  void aNamespaceWithoutBindingsUsesTheDefaultSet() {
    Fence fence = rules(Map.of("shop", List.of("eu-west")), "eu-central").fences(FLEET).of("web");

    assertThat(fence.clusters()).containsExactly("fra");
    assertThat(fence.reason()).isEqualTo("not in the default cluster set eu-central");
  }

  @Test
  void aDefaultSetThatDoesNotExistHoldsNoCluster() {
    Fence fence = rules(Map.of(), "missing").fences(FLEET).of("web");

    assertThat(fence.clusters()).isEmpty();
    assertThat(fence.reason()).isEqualTo("not in the default cluster set missing");
  }

  @Test
  void clusterScopedWorkloadsHaveNoFence() {
    TenancyRules.Fences fences = rules(Map.of(), "eu-central").fences(FLEET);

    assertThat(fences.of("")).isNull();
    assertThat(fences.of(null)).isNull();
  }

  @Test
  void aNamespacesWorkloadsShareOneFenceInstancePerPass() {
    TenancyRules.Fences fences = rules(Map.of("shop", List.of("eu-west")), null).fences(FLEET);

    assertThat(fences.of("shop")).isSameAs(fences.of("shop"));
  }

  @Test
  void theFingerprintChangesWithABindingOrTheDefaultSet() {
    String before = rules(Map.of(), null).fingerprint();

    assertThat(rules(Map.of("shop", List.of("eu-west")), null).fingerprint()).isNotEqualTo(before);
    assertThat(rules(Map.of(), "all").fingerprint()).isNotEqualTo(before);
    assertThat(rules(Map.of(), null).fingerprint()).isEqualTo(before);
  }

  private static TenancyRules rules(Map<String, List<String>> bindings, String defaultSet) {
    SortedMap<String, SortedSet<String>> bound = new TreeMap<>();
    bindings.forEach((namespace, sets) -> bound.put(namespace, new TreeSet<>(sets)));
    return new TenancyRules(SETS, bound, defaultSet);
  }

  private static ClusterSelector region(String region) {
    return new ClusterSelector(Map.of("topology.kubernetes.io/region", region), List.of());
  }
}
