package io.ubernetes.sandbox;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.agent.MemberAgent;
import io.ubernetes.agent.state.CredentialStore;
import io.ubernetes.agent.sync.ApplyMode;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.ClusterStates;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a simulated cluster and its agent so that the federation takes them as the same member as
 * before: the cluster with the objects it saved (its agent's credential and desired state among
 * them), registered with its location and prices, and an agent that finds what it kept.
 */
final class MemberLauncher {
  private static final Logger log = LoggerFactory.getLogger(MemberLauncher.class);

  private final Sandbox.Settings settings;
  private final FederationAdmin admin;

  MemberLauncher(Sandbox.Settings settings, FederationAdmin admin) {
    this.settings = settings;
    this.admin = admin;
  }

  /**
   * Starts the cluster (with its saved objects, if the federation still knows it), registers it,
   * makes sure its agent can join, and starts the agent.
   *
   * @param atRunTime added through the control API: a cluster the federation has an agent of
   *     elsewhere is refused rather than taken over
   * @throws ClusterClusterConflictException if so
   */
  Member launch(ClusterDefinition definition, boolean addedAtRunTime, boolean atRunTime) {
    String name = definition.name();
    setAsideIfForgotten(name);
    SimulatedCluster cluster =
        SimulatedCluster.start(definition, settings.states(), addedAtRunTime);
    FederationLink link = null;
    try {
      FederationAdmin.Registration registration = admin.register(definition);
      ensureJoinable(cluster, registration, atRunTime);
      link = FederationLink.to(name, settings.federation());
      AgentConfig config =
          AgentConfig.of(link.url(settings.federation()), name, settings.joinToken())
              .withHealthAddress(new InetSocketAddress("127.0.0.1", 0))
              // The simulated API server has no server-side apply: create or update instead.
              .withApplyMode(ApplyMode.UPDATE)
              .withTopology(
                  new AgentConfig.Topology(
                      definition.region(),
                      definition.zone(),
                      definition.provider(),
                      definition.tier()))
              .withTimings(settings.timings())
              .withFederationCaFile(settings.caFile());
      MemberAgent agent = MemberAgent.start(config, cluster.newClient());
      log.info(
          "Simulated cluster {} ({}, {}, {}) runs, API server at {}, its objects kept in {}",
          name,
          definition.region(),
          definition.zone(),
          definition.tier(),
          cluster.apiServerUrl(),
          settings.states().directory(name));
      return new Member(cluster, link, agent);
    } catch (RuntimeException e) {
      if (link != null) {
        link.close();
      }
      cluster.close();
      throw e;
    }
  }

  /**
   * A saved cluster the federation does not know (its database is new, or someone deleted the
   * cluster there) belongs to a federation that is gone: its agent would resume that federation's
   * work feed at a revision this one has not reached, and keep running workloads nobody asked of
   * it. The cluster starts empty, and joins as a new one; its state is kept beside it.
   */
  private void setAsideIfForgotten(String name) {
    ClusterStates states = settings.states();
    if (states.has(name) && admin.cluster(name).isEmpty()) {
      Path aside = states.setAside(name);
      log.warn(
          "The federation does not know simulated cluster {} (a new database, or the cluster was"
              + " deleted there): it starts empty and joins as a new cluster; its objects of"
              + " before are kept in {}",
          name,
          aside.toAbsolutePath());
    }
  }

  /**
   * An agent that finds a credential in its cluster joins no more; one that finds none joins, and
   * the federation refuses it while it counts the cluster as joined. That happens to a simulated
   * cluster whose saved state is gone (or that ran before clusters kept one): at start the sandbox,
   * as the operator of its clusters, rotates the credential nobody holds any more; at run time it
   * refuses, since a cluster of that name may run elsewhere.
   */
  private void ensureJoinable(
      SimulatedCluster cluster, FederationAdmin.Registration registration, boolean atRunTime) {
    String name = cluster.name();
    boolean credential =
        new CredentialStore(cluster.client(), AgentConfig.DEFAULT_STATE_NAMESPACE)
            .load()
            .map(c -> c.credential() != null)
            .orElse(false);
    if (credential || !registration.joined()) {
      return;
    }
    if (atRunTime) {
      throw new ClusterConflictException(
          "the federation has a member agent joined as \""
              + name
              + "\" elsewhere (this sandbox has no credential of it); choose another name, or"
              + " rotate its credential first (POST /api/v1/clusters/"
              + name
              + ":rotate-credential)");
    }
    log.warn(
        "Simulated cluster {} starts without the credential its agent had (no saved state in {}):"
            + " rotating its credential so that its agent can join again",
        name,
        settings.states().directory(name));
    admin.rotateCredential(name);
  }
}
