package io.ubernetes.sandbox;

import io.ubernetes.agent.MemberAgent;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One simulated cluster and what runs for it: the link to the federation and the agent. */
record Member(SimulatedCluster cluster, FederationLink link, MemberAgent agent) {
  private static final Logger log = LoggerFactory.getLogger(Member.class);

  /** Stops all three; the cluster saves its objects as its API server left them. */
  void stop() {
    // The agent's loops stop first, so that none of them reports the API server gone; then the
    // API server, before the agent's watches: the mock stalls when watches close while it still
    // sends events.
    agent.stopLoops();
    cluster.fail();
    agent.close();
    link.close();
    try {
      cluster.close();
    } catch (UncheckedIOException e) {
      log.error("{}: {}", e.getMessage(), e.getCause().toString());
    }
  }
}
