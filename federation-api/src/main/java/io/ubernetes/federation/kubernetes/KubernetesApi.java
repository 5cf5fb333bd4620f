package io.ubernetes.federation.kubernetes;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The group the federation serves the Kubernetes way, its version and category, and the rollout
 * verbs. Its resources are the kinds of {@link io.ubernetes.federation.resource.ApiKinds}, as
 * {@link ServedResources} describes them.
 */
final class KubernetesApi {
  static final String GROUP = "ubernetes.io";
  static final String VERSION = "v1";
  static final String GROUP_VERSION = GROUP + "/" + VERSION;

  /** Every resource is in this category: {@code kubectl get ubernetes} lists them all. */
  static final String CATEGORY = "ubernetes";

  /** The kinds whose objects take the rollout verbs (served by the rollout feature). */
  static final List<String> ROLLOUT_VERBS_RESOURCES =
      List.of("federatedworkloads", "clusterfederatedworkloads");

  /**
   * The rollout verbs, {@code POST .../{name}/rollout:<verb>}, with what each does; {@code %s} is
   * the kind.
   */
  static final Map<String, String> ROLLOUT_VERBS =
      orderedMap(
          "pause",
          "pause the rollout of the specified %s: sets spec.rolloutControl.paused",
          "resume",
          "resume the paused rollout of the specified %s: clears spec.rolloutControl.paused",
          "approve",
          "approve the gate the rollout of the specified %s waits on: sets"
              + " spec.rolloutControl.approve to <stage>@<revision>; 409 when it waits on none",
          "abort",
          "abort the rollout of the specified %s: sets spec.rolloutControl.abort"
              + " to the target revision; 409 when none is in progress",
          "rollback",
          "roll the specified %s back to a kept revision: sets spec.rolloutControl.rollbackTo");

  private static Map<String, String> orderedMap(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(map);
  }

  private KubernetesApi() {}
}
