package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.security.AgentCredentials;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A deleted cluster's credential goes with it: its row cascades, and the credentials checked from
 * memory are forgotten when the deletion commits. So does its lease, and what heartbeats noted of
 * it.
 */
@Component
class ClusterCredentialRemoval implements DeletionHook {
  private final AgentCredentials credentials;
  private final ClusterLeases leases;
  private final Heartbeats heartbeats;

  ClusterCredentialRemoval(
      AgentCredentials credentials, ClusterLeases leases, Heartbeats heartbeats) {
    this.credentials = credentials;
    this.leases = leases;
    this.heartbeats = heartbeats;
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (MemberCluster.KIND.equals(kind)) {
      credentials.clusterDeleted();
      leases.remove(name);
      heartbeats.forget(name);
    }
  }
}
