package io.ubernetes.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ubernetes.agent.AgentConfig.Timings;
import io.ubernetes.agent.federation.Backoff;
import io.ubernetes.agent.federation.FederationClient;
import io.ubernetes.agent.federation.FederationTrust;
import io.ubernetes.agent.federation.JoinLoop;
import io.ubernetes.agent.federation.Membership;
import io.ubernetes.agent.report.ClusterInfo;
import io.ubernetes.agent.report.HeartbeatLoop;
import io.ubernetes.agent.report.StatusLoop;
import io.ubernetes.agent.state.CredentialStore;
import io.ubernetes.agent.state.DesiredStateStore;
import io.ubernetes.agent.sync.ApplyMode;
import io.ubernetes.agent.sync.ChangeSignal;
import io.ubernetes.agent.sync.DesiredState;
import io.ubernetes.agent.sync.Reconciler;
import io.ubernetes.agent.sync.WorkLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One member agent: joins the federation, keeps the cluster's work in line with it and reports
 * back. Four loops on virtual threads (membership, work feed, heartbeat, status), one reconciler
 * thread, the drift informers and the health endpoint. The Kubernetes client stays the caller's.
 */
public final class MemberAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MemberAgent.class);

  private final AgentConfig config;
  private final FederationClient federation;
  private final Membership membership;
  private final Reconciler reconciler;
  private final DesiredState desired;
  private final HealthServer health;
  private final List<Thread> loops = new ArrayList<>();
  private volatile boolean closed;

  private MemberAgent(AgentConfig config, KubernetesClient client) {
    this.config = config;
    Timings t = config.timings();
    String version = AgentVersion.current();
    this.federation =
        new FederationClient(
            config.federationUrl(),
            config.clusterName(),
            t.callTimeout(),
            t.pollTimeout(),
            t.maxAttempts(),
            t.initialBackoff(),
            t.maxBackoff(),
            t.circuitOpenDuration(),
            config.federationCaFile() == null
                ? null
                : FederationTrust.sslContext(config.federationCaFile()));
    AgentConfig.Topology topology = config.topology();
    ClusterInfo info =
        new ClusterInfo(
            client,
            topology.region(),
            topology.zone(),
            topology.provider(),
            topology.tier(),
            version);
    Backoff backoff = new Backoff(t.initialBackoff(), t.maxBackoff());
    this.membership = new Membership(federation, backoff, t.rejectedJoinInterval());
    JoinLoop join =
        new JoinLoop(
            membership,
            federation,
            new CredentialStore(client, config.stateNamespace()),
            config.clusterName(),
            config.joinToken(),
            info::facts,
            t.heartbeatInterval(),
            t.rejectedJoinInterval(),
            backoff);
    this.desired = new DesiredState();
    DesiredStateStore store = new DesiredStateStore(client, config.stateNamespace());
    ChangeSignal changes = new ChangeSignal();
    this.reconciler =
        new Reconciler(
            client,
            desired,
            store,
            config.applyMode(),
            changes,
            t.resyncInterval(),
            t.initialBackoff(),
            t.maxBackoff(),
            threads("reconciler"));
    WorkLoop work =
        new WorkLoop(
            desired,
            store,
            reconciler,
            federation,
            membership,
            t.minPollInterval(),
            t.rejectedJoinInterval(),
            t.initialBackoff(),
            t.maxBackoff());
    HeartbeatLoop heartbeat =
        new HeartbeatLoop(
            client, info, federation, membership, t.heartbeatInterval(), reconciler::savedRevision);
    StatusLoop status =
        new StatusLoop(
            client,
            desired,
            reconciler,
            federation,
            membership,
            changes,
            t.heartbeatInterval(),
            t.statusDebounce(),
            t.rejectedJoinInterval(),
            t.initialBackoff(),
            t.maxBackoff());
    loops.add(threads("membership").newThread(join));
    loops.add(threads("work-feed").newThread(work));
    loops.add(threads("heartbeat").newThread(heartbeat));
    loops.add(threads("status").newThread(status));
    try {
      this.health = new HealthServer(config.healthAddress(), this::alive, this::ready);
    } catch (IOException e) {
      federation.close();
      throw new UncheckedIOException("Cannot listen on " + config.healthAddress(), e);
    }
  }

  /** Starts an agent for the cluster {@code client} talks to. */
  @SuppressWarnings("try") // held for the try block, not referenced in it
  public static MemberAgent start(AgentConfig config, KubernetesClient client) {
    MemberAgent agent = new MemberAgent(config, client);
    agent.health.start();
    agent.loops.forEach(Thread::start);
    try (MDC.MDCCloseable cluster = MDC.putCloseable("cluster", config.clusterName())) {
      log.info(
          "Agent {} of cluster {} started: federation {}, state in namespace {}, health on port {}",
          AgentVersion.current(),
          config.clusterName(),
          config.federationUrl(),
          config.stateNamespace(),
          agent.health.port());
    }
    return agent;
  }

  /** The agent's loops are all running. */
  public boolean alive() {
    return !closed && reconciler.running() && loops.stream().allMatch(Thread::isAlive);
  }

  /** The agent has joined the federation. */
  public boolean ready() {
    return !closed && membership.joined();
  }

  public Membership.Phase membershipPhase() {
    return membership.phase();
  }

  public int healthPort() {
    return health.port();
  }

  DesiredState desiredState() {
    return desired;
  }

  ApplyMode applyMode() {
    return reconciler.applyMode();
  }

  /** Stops the loops and informers and closes the federation client, in a few seconds at most. */
  // The MDC entry lives for the try block, unreferenced.
  @SuppressWarnings("try")
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopLoops();
    reconciler.close();
    health.close();
    federation.close();
    try (MDC.MDCCloseable cluster = MDC.putCloseable("cluster", config.clusterName())) {
      log.info("Agent of cluster {} stopped", config.clusterName());
    }
  }

  /**
   * Stops heartbeats, work polls and status reports, and waits (up to 3 s) until they have: from
   * then on the agent calls neither its API server nor the federation, and so reports no failure of
   * either, while its informers still watch. {@link #close} does this first; whoever stops the
   * agent's API server too calls it before.
   */
  public void stopLoops() {
    loops.forEach(Thread::interrupt);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    for (Thread loop : loops) {
      try {
        loop.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }

  /** Virtual threads named after their loop, whose log lines name the cluster. */
  private ThreadFactory threads(String name) {
    ThreadFactory factory = Thread.ofVirtual().name(config.clusterName() + "-" + name).factory();
    String cluster = config.clusterName();
    return task ->
        factory.newThread(
            () -> {
              MDC.put("cluster", cluster);
              task.run();
            });
  }
}
