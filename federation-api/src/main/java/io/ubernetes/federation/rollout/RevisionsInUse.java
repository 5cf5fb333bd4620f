package io.ubernetes.federation.rollout;

import java.util.Set;
import java.util.UUID;

/**
 * The revisions of a workload that a rollout still needs, and that trimming the history must
 * therefore keep: the stable one, the target, and every one still assigned to a cluster. The
 * rollout's store answers it; without one, the history is trimmed by its limit only (which never
 * removes the newest revision, nor the newest that was healthy everywhere).
 */
public interface RevisionsInUse {
  Set<Integer> inUse(UUID workload);
}
