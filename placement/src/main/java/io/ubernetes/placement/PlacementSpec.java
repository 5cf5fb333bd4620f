package io.ubernetes.placement;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a workload's replicas may and should go. Hard rules ({@code clusterSelector}, tolerations,
 * Strict and AntiAffinity coupling) are never relaxed; the rest are costs.
 *
 * @param maxReplicasPerCluster 0 for no limit
 * @param maxClusters 0 for no limit
 * @param burst null for no cloudbursting
 */
public record PlacementSpec(
    LabelSelector clusterSelector,
    List<Preference> preferences,
    List<Toleration> tolerations,
    Mode mode,
    int minReplicasPerCluster,
    int maxReplicasPerCluster,
    int maxClusters,
    List<Spread> spread,
    List<Coupling> coupling,
    Burst burst,
    CostWeights costWeights) {

  /** Any ready cluster with room, replicas divided, default weights. */
  public static final PlacementSpec ANYWHERE =
      new PlacementSpec(null, null, null, null, 0, 0, 0, null, null, null, null);

  public PlacementSpec {
    clusterSelector = clusterSelector == null ? LabelSelector.ALL : clusterSelector;
    preferences = preferences == null ? List.of() : List.copyOf(preferences);
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
    mode = mode == null ? Mode.DIVIDED : mode;
    spread = spread == null ? List.of() : List.copyOf(spread);
    coupling = coupling == null ? List.of() : List.copyOf(coupling);
    costWeights = costWeights == null ? CostWeights.DEFAULT : costWeights;
    if (minReplicasPerCluster < 0 || maxReplicasPerCluster < 0 || maxClusters < 0) {
      throw new IllegalArgumentException("replica and cluster bounds must not be negative");
    }
    if (maxReplicasPerCluster > 0 && minReplicasPerCluster > maxReplicasPerCluster) {
      throw new IllegalArgumentException("minReplicasPerCluster exceeds maxReplicasPerCluster");
    }
  }

  /** How replicas are laid over the selected clusters. */
  public enum Mode {
    /** {@code replicas} in total, divided over clusters. */
    DIVIDED,
    /** {@code replicas} in every selected cluster. */
    DUPLICATED
  }

  /** Clusters matching {@code selector} are cheaper by {@code weight} (1 to 100). */
  public record Preference(int weight, LabelSelector selector) {
    public Preference {
      Objects.requireNonNull(selector, "selector");
    }
  }

  /**
   * Replicas must reach at least {@code minGroups} distinct values of the label {@code
   * topologyKey}.
   */
  public record Spread(String topologyKey, int minGroups) {
    public Spread {
      Objects.requireNonNull(topologyKey, "topologyKey");
    }
  }

  /** How strongly a coupling binds. */
  public enum CouplingType {
    /** Must share the topology domain of the other workload. */
    STRICT,
    /** Should share it: a cost of {@code weight} when not. */
    PREFERRED,
    /** Must not share it. */
    ANTI_AFFINITY
  }

  /**
   * A relation to another workload of the same namespace.
   *
   * @param topologyKey the cluster label that defines a domain; null for the cluster itself
   */
  public record Coupling(String workload, CouplingType type, String topologyKey, int weight) {
    public Coupling {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(type, "type");
    }
  }

  /**
   * Cloudbursting: clusters of a later tier take only the replicas that do not fit in earlier tiers
   * below {@code maxUtilization}; replicas return to earlier tiers only after those have had room
   * for {@code scaleBackAfter}.
   */
  public record Burst(List<String> tiers, double maxUtilization, Duration scaleBackAfter) {
    public Burst {
      tiers = List.copyOf(tiers);
      if (tiers.isEmpty()) {
        throw new IllegalArgumentException("burst needs at least one tier");
      }
      if (!(maxUtilization > 0 && maxUtilization <= 1)) {
        throw new IllegalArgumentException("maxUtilization must be in (0, 1]");
      }
      scaleBackAfter = scaleBackAfter == null ? Duration.ZERO : scaleBackAfter;
    }
  }

  /** Multipliers of the cost terms; 1 is the default for each. */
  public record CostWeights(
      double price, double utilization, double preference, double coupling, double stickiness) {
    public static final CostWeights DEFAULT = new CostWeights(1, 1, 1, 1, 1);

    public CostWeights {
      for (double weight : new double[] {price, utilization, preference, coupling, stickiness}) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
          throw new IllegalArgumentException("cost weights must be finite and non-negative");
        }
      }
    }
  }
}
