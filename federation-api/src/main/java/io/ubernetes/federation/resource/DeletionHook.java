package io.ubernetes.federation.resource;

import java.util.UUID;

/**
 * Runs inside a deletion's transaction, after the deletion guards agreed, for what must change with
 * it, e.g. telling member clusters to remove a deleted workload.
 */
public interface DeletionHook {
  void deleting(String kind, String namespace, String name, UUID uid);
}
