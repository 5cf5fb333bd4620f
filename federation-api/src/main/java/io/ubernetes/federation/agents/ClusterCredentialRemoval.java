package io.ubernetes.federation.agents;

import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.resource.DeletionHook;
import io.ubernetes.federation.security.AgentCredentials;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * A deleted cluster's credential goes with it: its row cascades, and the credentials checked from
 * memory are forgotten when the deletion commits.
 */
@Component
class ClusterCredentialRemoval implements DeletionHook {
  private final AgentCredentials credentials;

  ClusterCredentialRemoval(AgentCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public void deleting(String kind, String namespace, String name, UUID uid) {
    if (MemberCluster.KIND.equals(kind)) {
      credentials.clusterDeleted();
    }
  }
}
