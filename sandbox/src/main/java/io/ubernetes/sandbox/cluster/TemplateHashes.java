package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@link Pods#templateHash} per workload, computed again only when its template changes: a pass
 * looks at every workload, and digesting a template costs far more than comparing it. Confined to
 * the simulator's thread.
 */
final class TemplateHashes {
  private record Hashed(PodTemplateSpec template, String hash) {}

  private final Map<String, Hashed> byUid = new HashMap<>();
  private final Set<String> seen = new HashSet<>();

  String of(HasMetadata owner, PodTemplateSpec template) {
    String uid = owner.getMetadata().getUid();
    seen.add(uid);
    Hashed hashed = byUid.get(uid);
    if (hashed == null || !hashed.template().equals(template)) {
      hashed = new Hashed(template, Pods.templateHash(template));
      byUid.put(uid, hashed);
    }
    return hashed.hash();
  }

  /** Forgets the workloads not asked about since the last call: they are gone. */
  void forgetUnseen() {
    byUid.keySet().retainAll(seen);
    seen.clear();
  }
}
