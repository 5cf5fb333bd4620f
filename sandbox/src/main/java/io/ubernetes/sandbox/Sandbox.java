package io.ubernetes.sandbox;

import io.ubernetes.agent.AgentConfig;
import io.ubernetes.sandbox.cluster.ClusterDefinition;
import io.ubernetes.sandbox.cluster.ClusterStates;
import io.ubernetes.sandbox.cluster.SavedCluster;
import io.ubernetes.sandbox.cluster.SimulatedCluster;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated member clusters, each with a real member agent that reaches the federation through a
 * link the sandbox can cut. The clusters are registered with the federation first (their location
 * and prices), so their agents join clusters the federation already knows. Each keeps its objects
 * under {@link Settings#states}, so that its agent finds its credential and desired state there on
 * the next start, as it would in a real cluster.
 */
final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  /** A simulated cluster as the control API shows it. */
  record ClusterView(
      String name,
      String region,
      String zone,
      String provider,
      String tier,
      String state,
      boolean partitioned,
      String apiServer,
      boolean addedAtRunTime,
      Object simulation) {}

  /**
   * How the sandbox reaches the federation and runs its clusters.
   *
   * @param adminToken an admin API token, to register the clusters
   * @param caFile the certificates to trust for an https federation, or null for the JDK's
   * @param timings the agents' timings
   * @param states where the clusters keep their objects
   */
  record Settings(
      URI federation,
      String joinToken,
      String adminToken,
      Path caFile,
      AgentConfig.Timings timings,
      ClusterStates states) {}

  private final Settings settings;
  private final FederationAdmin admin;
  private final MemberLauncher launcher;
  private final AddressRanges ranges;
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final Set<String> starting = new HashSet<>();

  private Sandbox(Settings settings, AddressRanges ranges) {
    this.settings = settings;
    this.ranges = ranges;
    this.admin =
        new FederationAdmin(settings.federation(), settings.adminToken(), settings.caFile());
    this.launcher = new MemberLauncher(settings, admin);
  }

  /**
   * Starts the plan's clusters, each with its agent.
   *
   * @param ranges the address ranges the plan gave out, for clusters added later
   */
  static Sandbox start(FleetPlan plan, AddressRanges ranges, Settings settings) {
    Sandbox sandbox = new Sandbox(settings, ranges);
    try {
      for (FleetPlan.Start start : plan.starts()) {
        sandbox.reserve(start.definition().name());
        sandbox.launch(start.definition(), start.addedAtRunTime(), false);
      }
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** The federation's URL and admin calls. */
  FederationAdmin admin() {
    return admin;
  }

  /**
   * Starts a cluster while the sandbox runs, with address ranges of its own; it is started again
   * with the sandbox from now on.
   *
   * @throws ClusterConflictException if a cluster of that name runs, or the federation has an agent
   *     joined as it that this sandbox has no credential of
   */
  ClusterView add(ClusterDefinition requested) {
    String name = requested.name();
    reserve(name);
    Optional<SavedCluster> saved;
    try {
      saved = settings.states().load(name);
      if (saved.isEmpty() && admin.cluster(name).map(FederationAdmin::joined).orElse(false)) {
        throw new ClusterConflictException(
            "the federation has a member agent joined as \""
                + name
                + "\" elsewhere (this sandbox has no saved state of it); choose another name, or"
                + " rotate its credential first (POST /api/v1/clusters/"
                + name
                + ":rotate-credential)");
      }
    } catch (RuntimeException e) {
      release(name);
      throw e;
    }
    ClusterDefinition definition =
        saved.isPresent()
            ? ClusterFleet.Ranges.of(saved.get().definition()).applyTo(requested)
            : ranges.assign(requested);
    try {
      return view(launch(definition, true, true));
    } catch (RuntimeException e) {
      if (saved.isEmpty()) {
        // It never ran: nothing of it should come back on the next start.
        try {
          settings.states().discard(name);
        } catch (UncheckedIOException discarding) {
          e.addSuppressed(discarding);
        }
      }
      throw e;
    }
  }

  private synchronized void reserve(String name) {
    if (members.containsKey(name) || !starting.add(name)) {
      throw new ClusterConflictException("a simulated cluster named \"" + name + "\" runs already");
    }
  }

  private synchronized void release(String name) {
    starting.remove(name);
  }

  private Member launch(ClusterDefinition definition, boolean addedAtRunTime, boolean atRunTime) {
    Member member;
    try {
      member = launcher.launch(definition, addedAtRunTime, atRunTime);
    } catch (RuntimeException e) {
      release(definition.name());
      throw e;
    }
    synchronized (this) {
      starting.remove(definition.name());
      members.put(definition.name(), member);
    }
    return member;
  }

  /**
   * Stops a cluster and its agent, saves its objects, and leaves it out of the next starts (unless
   * {@code --clusters} or {@code --config} name it). Nothing changes in the federation.
   */
  Optional<ClusterView> remove(String name) {
    Member member;
    synchronized (this) {
      member = members.remove(name);
    }
    if (member == null) {
      return Optional.empty();
    }
    member.cluster().setAddedAtRunTime(false);
    member.stop();
    log.info(
        "Simulated cluster {} stopped; its objects are kept in {}",
        name,
        settings.states().directory(name));
    return Optional.of(view(member, "Stopped"));
  }

  /** The simulated cluster of this name, for tests and tools that look inside it. */
  synchronized SimulatedCluster member(String name) {
    Member member = members.get(name);
    if (member == null) {
      throw new IllegalArgumentException("no simulated cluster named " + name);
    }
    return member.cluster();
  }

  /** Whether the cluster's agent has joined the federation. */
  synchronized boolean joined(String name) {
    Member member = members.get(name);
    return member != null && member.agent().ready();
  }

  List<ClusterView> clusters() {
    List<Member> current;
    synchronized (this) {
      current = new ArrayList<>(members.values());
    }
    return current.stream().map(Sandbox::view).toList();
  }

  synchronized Optional<ClusterView> cluster(String name) {
    return Optional.ofNullable(members.get(name)).map(Sandbox::view);
  }

  /** Where the clusters keep their objects. */
  ClusterStates states() {
    return settings.states();
  }

  /** The cluster's API server stops answering; its agent reports it unreachable. */
  Optional<ClusterView> fail(String name) {
    return act(name, member -> member.cluster().fail());
  }

  Optional<ClusterView> recover(String name) {
    return act(name, member -> member.cluster().recover());
  }

  /** The cluster's agent is cut off from the federation; the cluster itself runs on. */
  Optional<ClusterView> partition(String name) {
    return act(name, member -> member.link().partition());
  }

  Optional<ClusterView> heal(String name) {
    return act(name, member -> member.link().heal());
  }

  Optional<ClusterView> capacity(String name, String cpuPerNode, String memoryPerNode, int pods) {
    return act(name, member -> member.cluster().setCapacity(cpuPerNode, memoryPerNode, pods));
  }

  private Optional<ClusterView> act(String name, Consumer<Member> action) {
    Member member;
    synchronized (this) {
      member = members.get(name);
    }
    if (member == null) {
      return Optional.empty();
    }
    synchronized (member) {
      action.accept(member);
    }
    return Optional.of(view(member));
  }

  private static ClusterView view(Member member) {
    return view(member, member.cluster().failed() ? "Failed" : "Running");
  }

  private static ClusterView view(Member member, String state) {
    ClusterDefinition definition = member.cluster().definition();
    return new ClusterView(
        definition.name(),
        definition.region(),
        definition.zone(),
        definition.provider(),
        definition.tier(),
        state,
        member.link().cut(),
        member.cluster().apiServerUrl().toString(),
        member.cluster().addedAtRunTime(),
        member.cluster().state());
  }

  @Override
  public void close() {
    List<Member> stopping;
    synchronized (this) {
      stopping = new ArrayList<>(members.values());
      members.clear();
    }
    stopping.forEach(Member::stop);
    admin.close();
  }
}
