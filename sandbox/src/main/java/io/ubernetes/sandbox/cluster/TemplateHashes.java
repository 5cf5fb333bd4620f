package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link Pods#templateHash} per workload, computed again only when its template changes: a pass
 * looks at every workload, and digesting a template costs far more than comparing it. Confined to
 * the simulator's thread.
 */
final class TemplateHashes {
  private record Hashed(Long generation, PodTemplateSpec template, String hash) {}

  private final Map<String, Hashed> byUid = new HashMap<>();
  private final Set<String> seen = new HashSet<>();

  String of(HasMetadata owner, PodTemplateSpec template) {
    String uid = owner.getMetadata().getUid();
    seen.add(uid);
    Long generation = owner.getMetadata().getGeneration();
    Hashed hashed = byUid.get(uid);
    // The template is part of the spec: the same generation has the same template, and comparing
    // numbers costs nothing beside comparing templates.
    boolean same =
        hashed != null
            && (generation != null && generation.equals(hashed.generation())
                || hashed.template().equals(template));
    if (!same) {
      hashed = new Hashed(generation, template, Pods.templateHash(template));
      byUid.put(uid, hashed);
    } else if (!Objects.equals(generation, hashed.generation())) {
      hashed = new Hashed(generation, template, hashed.hash());
      byUid.put(uid, hashed);
    }
    return hashed.hash();
  }

  /** Keeps the workload's hash, not asked for this time, past the next {@link #forgetUnseen}. */
  void keep(HasMetadata owner) {
    seen.add(owner.getMetadata().getUid());
  }

  /** Forgets the workloads neither asked about nor kept since the last call: they are gone. */
  void forgetUnseen() {
    byUid.keySet().retainAll(seen);
    seen.clear();
  }
}
