package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A simulated member cluster: Fabric8's mock Kubernetes API server (CRUD mode) on a free 127.0.0.1
 * port, with a small node simulator in the spirit of KWOK that makes it behave like a cluster where
 * it matters to a federation:
 *
 * <ul>
 *   <li>Ready nodes {@code node-1}..{@code node-N} with allocatable cpu, memory and pods, topology
 *       labels and a provider ID;
 *   <li>Deployments, StatefulSets, ReplicaSets (not owned by anything) and Jobs get pods with their
 *       template's requests, bound to the first node with room, Running and Ready with an address
 *       of the pod range a start delay later; pods that fit nowhere stay Pending (Unschedulable)
 *       until room appears; scaling, template changes, deletions and Job completion behave as in
 *       Kubernetes, and the workloads' status says so;
 *   <li>a pod whose template asks for it fails on purpose, as a kubelet shows it: crash loops,
 *       image pull failures, failed pods, pods never ready (annotation {@code
 *       sandbox.ubernetes.io/fail}, or an image tagged {@code crashloop} or named {@code
 *       does-not-exist});
 *   <li>selector-based Services get an EndpointSlice of their pods, LoadBalancer Services an
 *       ingress IP of the load balancer range.
 * </ul>
 *
 * <p>{@link #fail()} makes the API server stop answering (connections are refused) and pauses the
 * simulation; {@link #recover()} brings both back on the same port with the same objects.
 * Thread-safe. Nothing it started outlives {@link #close()}.
 *
 * <p>Started with {@link ClusterStates}, it keeps its objects in its state file (written a moment
 * after they change, and on close), and a later start restores them before its API server answers,
 * on the same port if it is free: uids and resourceVersions as they were, pods running where they
 * ran, as a real cluster's objects outlive a restart of its control plane.
 *
 * <pre>{@code
 * try (SimulatedCluster cluster = SimulatedCluster.start(definition)) {
 *   KubernetesClient agentClient = cluster.newClient();
 *   ...
 * }
 * }</pre>
 */
public final class SimulatedCluster implements AutoCloseable {

  /**
   * What the simulation looks like: whether the API server answers, and the counts of nodes and of
   * pods by phase as of the last simulation pass (before the failure, while failed).
   */
  public record State(Status status, int nodes, int podsRunning, int podsPending) {
    /** Whether the API server answers. */
    public enum Status {
      UP,
      FAILED
    }
  }

  private final ApiServer server;
  private final KubernetesClient client;
  private final KubernetesClient simulation;
  private final Simulator simulator;
  private final StateSaver saver;
  private final ObjectStore objects;
  private final Clock clock;
  private final List<KubernetesClient> clients = new CopyOnWriteArrayList<>();
  private volatile ClusterDefinition definition;
  private volatile boolean addedAtRunTime;
  private volatile boolean failed;
  private volatile boolean closed;

  private SimulatedCluster(
      ClusterDefinition definition,
      Clock clock,
      Path stateFile,
      SavedCluster saved,
      boolean addedAtRunTime) {
    this.definition = definition;
    this.addedAtRunTime = addedAtRunTime;
    this.clock = clock;
    this.saver =
        stateFile == null ? null : new StateSaver(definition.name(), stateFile, this::saved);
    this.objects = new ObjectStore(saver == null ? () -> {} : saver::changed);
    if (saved != null) {
      objects.restore(saved.objects());
    }
    this.server = new ApiServer(objects, saved == null ? 0 : saved.apiServerPort());
    KubernetesClient simulating = null;
    KubernetesClient inspecting = null;
    try {
      simulating = server.newClient();
      inspecting = server.newInspectionClient();
      this.simulation = simulating;
      this.client = inspecting;
      this.simulator = new Simulator(server, simulating, definition, clock);
    } catch (RuntimeException e) {
      if (simulating != null) {
        simulating.close();
      }
      if (inspecting != null) {
        inspecting.close();
      }
      server.stop();
      if (saver != null) {
        // A cluster that never started leaves its state file as it was.
        saver.cancel();
      }
      throw e;
    }
    if (saver != null) {
      // Its port and definition are on record even before anything changes.
      saver.changed();
    }
  }

  /**
   * Starts the API server on a free 127.0.0.1 port, creates the nodes and starts simulating. Its
   * objects last as long as it does.
   *
   * @throws IllegalStateException if the API server cannot start
   */
  public static SimulatedCluster start(ClusterDefinition definition) {
    if (definition == null) {
      throw new IllegalArgumentException("definition: required");
    }
    return new SimulatedCluster(definition, Clock.systemUTC(), null, null, false);
  }

  /**
   * Starts as {@link #start(ClusterDefinition)} does, with the objects of its saved state in {@code
   * states} if there is one (on its API server's port of then, if that is free), and keeps them
   * there.
   *
   * @param addedAtRunTime recorded in its state, for the sandbox to start it again
   * @throws UnreadableStateException if its state file exists but cannot be used
   * @throws IllegalStateException if the API server cannot start
   */
  public static SimulatedCluster start(
      ClusterDefinition definition, ClusterStates states, boolean addedAtRunTime) {
    if (definition == null) {
      throw new IllegalArgumentException("definition: required");
    }
    SavedCluster saved = states.load(definition.name()).orElse(null);
    return new SimulatedCluster(
        definition, Clock.systemUTC(), states.file(definition.name()), saved, addedAtRunTime);
  }

  /** The definition, with the node capacity last set by {@link #setCapacity}. */
  public ClusterDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  /** {@code http://127.0.0.1:<port>}; the same port across failures, and restarts if it is free. */
  public URI apiServerUrl() {
    return server.url();
  }

  /**
   * A client for inspection and tests, in namespace {@code default}, that waits out a short outage
   * (the simulation has a client of its own that does not); closed with the cluster.
   */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new client, as an agent's: no retries and short timeouts, so that an outage shows at once.
   * Closed with the cluster.
   */
  public synchronized KubernetesClient newClient() {
    if (closed) {
      throw new IllegalStateException("the simulated cluster " + name() + " is closed");
    }
    KubernetesClient created = server.newClient();
    clients.add(created);
    return created;
  }

  /** The API server stops answering, its objects kept; the simulation pauses. */
  public synchronized void fail() {
    if (closed || failed) {
      return;
    }
    simulator.pause(server::stop);
    failed = true;
  }

  /**
   * The API server answers again on the same port with the same objects; the simulation resumes
   * from them.
   *
   * @throws IllegalStateException if the port has been taken meanwhile
   */
  public synchronized void recover() {
    if (closed || !failed) {
      return;
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot listen on " + server.url() + " again: " + e.getMessage(), e);
    }
    failed = false;
    simulator.resume();
  }

  public boolean failed() {
    return failed;
  }

  /**
   * Gives every node this much to offer: pending pods may fit now; running pods stay even if their
   * nodes are over-committed. While the cluster is failed, it applies on recovery.
   *
   * @throws IllegalArgumentException if a value is invalid, naming the field
   */
  public synchronized void setCapacity(String cpuPerNode, String memoryPerNode, int podsPerNode) {
    ClusterDefinition changed = definition.withCapacity(cpuPerNode, memoryPerNode, podsPerNode);
    definition = changed;
    if (!closed) {
      simulator.setCapacity(changed);
      if (saver != null) {
        saver.changed();
      }
    }
  }

  /** Whether its state records it as added at run time; saved with its next change. */
  public void setAddedAtRunTime(boolean added) {
    this.addedAtRunTime = added;
    if (saver != null && !closed) {
      saver.changed();
    }
  }

  public boolean addedAtRunTime() {
    return addedAtRunTime;
  }

  /**
   * Every pod template its API server was asked to store for the workload since the cluster started
   * (in this process; a restored workload's template counts from its next change), in the order
   * they first came, each once: what the cluster was ever asked to run, even for a moment. Empty if
   * no such workload was ever written.
   *
   * @param kind {@code Deployment}, {@code StatefulSet}, {@code ReplicaSet}, {@code DaemonSet} or
   *     {@code Job}
   */
  public List<PodTemplateSpec> podTemplates(String kind, String namespace, String name) {
    return objects.templates().of(kind, namespace, name);
  }

  public State state() {
    State counts = simulator.counts();
    return new State(
        failed ? State.Status.FAILED : State.Status.UP,
        counts.nodes(),
        counts.podsRunning(),
        counts.podsPending());
  }

  /**
   * Stops the simulation, closes every client it handed out and the API server, then saves its
   * objects as they were when the API server stopped.
   *
   * @throws UncheckedIOException if its state cannot be saved (everything is closed regardless)
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      simulator.close(server::stop);
    } finally {
      server.stop();
      clients.forEach(KubernetesClient::close);
      simulation.close();
      client.close();
    }
    if (saver != null) {
      try {
        saver.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the state of simulated cluster " + name(), e);
      }
    }
  }

  private SavedCluster saved() {
    return new SavedCluster(
        definition, addedAtRunTime, server.port(), clock.instant(), objects.snapshot());
  }
}
