package io.ubernetes.federation.scheduling;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The templates workloads' clusters still run besides the current spec's: those of older workload
 * revisions a rollout keeps assigned to some clusters. The capacity ledger counts each replica at
 * the largest request of them all, so that a revision asking for more cannot overcommit a cluster
 * while it rolls out (nor one rolled back to).
 */
public interface TemplatesInUse {

  /** By workload; a workload all of whose clusters run the current spec is left out. */
  Map<UUID, List<JsonNode>> older(Collection<UUID> workloads);
}
