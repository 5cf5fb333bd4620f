package io.ubernetes.placement;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Moves a workload from the clusters its replicas run in to those a decision puts them in, the way
 * a Deployment rolls out its pods: make-before-break. New replicas start first, at most {@code
 * maxSurge} beyond the target; old ones are removed only as far as the ready replicas stay at least
 * {@code target - maxUnavailable}. Called again as replicas become ready, it completes the move
 * step by step.
 *
 * <p>Only what the federation knows to be ready counts: replicas in a cluster that is not ready
 * (its agent silent, its API server unreachable) count as unavailable, so an uncertain cluster
 * never makes the federation remove more elsewhere. Replicas known to be unavailable leave at once:
 * those of a failed cluster (that is failover, not a voluntary move) and those a ready cluster
 * reports as not ready.
 */
public final class Rollout {
  private Rollout() {}

  /** An absolute number of replicas, or a percentage of the target's. */
  public record Bound(int value, boolean percent) {
    public static final Bound QUARTER = new Bound(25, true);

    public Bound {
      if (value < 0) {
        throw new IllegalArgumentException("a rollout bound must not be negative");
      }
    }

    public static Bound replicas(int value) {
      return new Bound(value, false);
    }

    public static Bound percent(int value) {
      return new Bound(value, true);
    }

    int resolve(int desired, boolean roundUp) {
      if (!percent) {
        return value;
      }
      long scaled = (long) desired * value;
      return (int) (roundUp ? (scaled + 99) / 100 : scaled / 100);
    }

    @Override
    public String toString() {
      return percent ? value + "%" : Integer.toString(value);
    }
  }

  /**
   * The limits of a move, in replicas.
   *
   * @param maxSurge how many replicas may run beyond the target while moving
   * @param maxUnavailable how many of the target's replicas may be unavailable while moving
   */
  public record Limits(int maxSurge, int maxUnavailable) {
    public Limits {
      if (maxSurge < 0 || maxUnavailable < 0) {
        throw new IllegalArgumentException("rollout limits must not be negative");
      }
    }

    /**
     * Resolves bounds as a Deployment does: a percentage of the desired replicas, surge rounded up
     * and unavailability down; if both come to 0, one replica may be unavailable, or nothing could
     * ever move.
     */
    public static Limits of(int desired, Bound maxSurge, Bound maxUnavailable) {
      int surge = maxSurge.resolve(desired, true);
      int unavailable = maxUnavailable.resolve(desired, false);
      return new Limits(surge, surge == 0 && unavailable == 0 ? 1 : unavailable);
    }
  }

  /**
   * One step of a move.
   *
   * @param running replicas per cluster to run from now on (clusters with none left out)
   * @param complete whether {@code running} is the target
   * @param summary what the move waits for, e.g. {@code moving: onprem-fra 4 -> 2 (target 0),
   *     aws-eu-west 2 -> 4; 5/4 ready, at least 3 kept ready (maxSurge 1, maxUnavailable 1)}; empty
   *     when complete
   */
  public record Step(Map<String, Integer> running, boolean complete, String summary) {
    public Step {
      running = Map.copyOf(running);
    }
  }

  /**
   * The next step from {@code running} towards {@code target}.
   *
   * @param running replicas per cluster that clusters are told to run now
   * @param target replicas per cluster the decision wants
   * @param ready ready replicas per cluster, as clusters last reported them (capped at {@code
   *     running})
   * @param readiness each cluster's readiness; a cluster missing from it has left the fleet and
   *     counts as failed
   */
  public static Step step(
      Map<String, Integer> running,
      Map<String, Integer> target,
      Map<String, Integer> ready,
      Map<String, Readiness> readiness,
      Limits limits) {
    Objects.requireNonNull(limits, "limits");
    Set<String> clusters = new TreeSet<>();
    clusters.addAll(positive(running).keySet());
    clusters.addAll(positive(target).keySet());
    Map<String, Integer> next = new TreeMap<>();
    int desired = 0;
    int live = 0;
    int available = 0;
    for (String cluster : clusters) {
      int now = count(running, cluster);
      next.put(cluster, now);
      desired += count(target, cluster);
      Readiness state = readiness.getOrDefault(cluster, Readiness.FAILED);
      if (state != Readiness.FAILED) {
        live += now;
      }
      available += known(cluster, running, ready, readiness);
    }
    int floor = desired - limits.maxUnavailable();

    // Make: start replicas where the target wants more, within the surge.
    int room = desired + limits.maxSurge() - live;
    for (String cluster : clusters) {
      int missing = count(target, cluster) - next.get(cluster);
      if (missing > 0 && room > 0) {
        int started = Math.min(missing, room);
        next.merge(cluster, started, Integer::sum);
        room -= started;
      }
    }

    // Break: what is known to be unavailable goes at once.
    for (String cluster : clusters) {
      int excess = next.get(cluster) - count(target, cluster);
      if (excess <= 0) {
        continue;
      }
      Readiness state = readiness.getOrDefault(cluster, Readiness.FAILED);
      if (state == Readiness.FAILED) {
        next.put(cluster, count(target, cluster));
      } else if (state == Readiness.READY) {
        int unready = count(running, cluster) - known(cluster, running, ready, readiness);
        next.merge(cluster, -Math.min(excess, unready), Integer::sum);
      }
    }
    // Replicas of an uncertain cluster may be serving: they go only if the rest are enough.
    for (String cluster : clusters) {
      if (next.get(cluster) > count(target, cluster)
          && readiness.get(cluster) == Readiness.NOT_READY
          && available >= floor) {
        next.put(cluster, count(target, cluster));
      }
    }
    // Ready replicas go as far as the floor allows.
    int budget = available - floor;
    for (String cluster : clusters) {
      int excess = next.get(cluster) - count(target, cluster);
      if (excess > 0 && budget > 0 && readiness.get(cluster) == Readiness.READY) {
        int removed = Math.min(excess, budget);
        next.merge(cluster, -removed, Integer::sum);
        budget -= removed;
      }
    }

    Map<String, Integer> result = positive(next);
    boolean complete = result.equals(positive(target));
    return new Step(
        result,
        complete,
        complete ? "" : summary(clusters, running, target, result, available, floor, limits));
  }

  /** Ready replicas the federation can count on in a cluster. */
  private static int known(
      String cluster,
      Map<String, Integer> running,
      Map<String, Integer> ready,
      Map<String, Readiness> readiness) {
    if (readiness.get(cluster) != Readiness.READY) {
      return 0;
    }
    return Math.max(0, Math.min(count(ready, cluster), count(running, cluster)));
  }

  private static String summary(
      Set<String> clusters,
      Map<String, Integer> before,
      Map<String, Integer> target,
      Map<String, Integer> after,
      int available,
      int floor,
      Limits limits) {
    StringBuilder text = new StringBuilder("moving:");
    String separator = " ";
    for (String cluster : clusters) {
      int was = count(before, cluster);
      int is = count(after, cluster);
      int wanted = count(target, cluster);
      if (was == wanted && is == wanted) {
        continue;
      }
      text.append(separator).append(cluster).append(' ').append(was);
      if (is != was) {
        text.append(" -> ").append(is);
      }
      if (is != wanted) {
        text.append(" (target ").append(wanted).append(')');
      }
      separator = ", ";
    }
    int desired = target.values().stream().mapToInt(Integer::intValue).filter(v -> v > 0).sum();
    return text.append("; ")
        .append(available)
        .append('/')
        .append(desired)
        .append(" ready, at least ")
        .append(Math.max(0, floor))
        .append(" kept ready (maxSurge ")
        .append(limits.maxSurge())
        .append(", maxUnavailable ")
        .append(limits.maxUnavailable())
        .append(')')
        .toString();
  }

  private static int count(Map<String, Integer> replicas, String cluster) {
    Integer value = replicas.get(cluster);
    return value == null ? 0 : Math.max(0, value);
  }

  private static Map<String, Integer> positive(Map<String, Integer> replicas) {
    Map<String, Integer> result = new TreeMap<>();
    replicas.forEach(
        (cluster, count) -> {
          if (count != null && count > 0) {
            result.put(cluster, count);
          }
        });
    return result;
  }
}
