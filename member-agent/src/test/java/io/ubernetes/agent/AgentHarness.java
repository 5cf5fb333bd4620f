package io.ubernetes.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A member cluster, a federation and the agents a test starts between them, fresh for each test and
 * all stopped after it. Register it with {@code @RegisterExtension}; the test's own
 * {@code @BeforeEach} methods run once the cluster and the federation are up.
 */
final class AgentHarness implements BeforeEachCallback, AfterEachCallback {
  private final boolean admitting;
  private final List<MemberAgent> agents = new ArrayList<>();

  // Set before each test; fields, so that tests use them as they used their own.
  MemberClusterMock cluster;
  FederationStub federation;

  /** The client the test arranges and inspects the cluster with. */
  KubernetesClient kube;

  private AgentHarness(boolean admitting) {
    this.admitting = admitting;
  }

  /** The federation admits the cluster and answers heartbeats and status reports. */
  static AgentHarness admitted() {
    return new AgentHarness(true);
  }

  /** The federation answers nothing the test does not stub itself. */
  static AgentHarness unanswered() {
    return new AgentHarness(false);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    cluster = new MemberClusterMock();
    kube = cluster.client();
    federation = new FederationStub(TestAgents.CLUSTER);
    if (admitting) {
      federation.admitting();
    }
  }

  /**
   * The cluster stops first (see {@link MemberClusterMock#stop()}), then every agent, then the
   * federation; each is stopped even when stopping another failed.
   */
  @Override
  public void afterEach(ExtensionContext context) {
    List<Runnable> stops = new ArrayList<>();
    if (cluster != null) {
      stops.add(cluster::stop);
    }
    agents.forEach(agent -> stops.add(agent::close));
    if (federation != null) {
      stops.add(federation::close);
    }
    if (cluster != null) {
      stops.add(cluster::close);
    }
    agents.clear();
    RuntimeException failure = null;
    for (Runnable stop : stops) {
      try {
        stop.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The agent started last. */
  MemberAgent agent() {
    return agents.getLast();
  }

  /** Starts an agent with the tests' configuration, on a client of its own. */
  MemberAgent start() {
    return start(TestAgents.config(federation));
  }

  MemberAgent start(AgentConfig config) {
    return start(config, cluster.newClient());
  }

  MemberAgent start(AgentConfig config, KubernetesClient client) {
    MemberAgent agent = MemberAgent.start(config, client);
    agents.add(agent);
    return agent;
  }
}
