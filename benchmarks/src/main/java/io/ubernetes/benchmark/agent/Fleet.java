package io.ubernetes.benchmark.agent;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agent.MemberAgent;
import io.ubernetes.agent.MemberClusterMock;
import io.ubernetes.agent.sync.ApplyMode;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Member clusters in this JVM: each a Fabric8 mock API server in CRUD mode with one large node, and
 * a real agent with production timings. Every cluster has a zone of its own, so a workload can be
 * pinned to exactly one cluster.
 */
final class Fleet implements AutoCloseable {
  static final String REGION = "bench";

  private final List<MemberClusterMock> clusters = new ArrayList<>();
  private final List<MemberAgent> agents = new ArrayList<>();

  static String name(int index) {
    return String.format(Locale.ROOT, "member-%03d", index);
  }

  static String zone(int index) {
    return String.format(Locale.ROOT, "zone-%03d", index);
  }

  static Fleet start(Federation federation, int size) {
    Fleet fleet = new Fleet();
    try {
      for (int i = 0; i < size; i++) {
        MemberClusterMock cluster = new MemberClusterMock();
        cluster.addReadyNode("node-1", "256", "1Ti", "5000", Map.of());
        fleet.clusters.add(cluster);
        // The mock has no server-side apply; update mode is the agent's create-or-update path.
        AgentConfig config =
            AgentConfig.of(federation.url(), name(i), Federation.JOIN_TOKEN)
                .withHealthAddress(new InetSocketAddress("127.0.0.1", 0))
                .withApplyMode(ApplyMode.UPDATE)
                .withTopology(new AgentConfig.Topology(REGION, zone(i), "onprem", "onprem"));
        fleet.agents.add(MemberAgent.start(config, cluster.newClient()));
      }
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  MemberClusterMock cluster(int index) {
    return clusters.get(index);
  }

  int size() {
    return clusters.size();
  }

  @Override
  public void close() {
    clusters.forEach(MemberClusterMock::stop);
    agents.forEach(MemberAgent::close);
    clusters.forEach(MemberClusterMock::close);
  }
}
