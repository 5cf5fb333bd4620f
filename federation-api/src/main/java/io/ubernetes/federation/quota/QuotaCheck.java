package io.ubernetes.federation.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Whether a write's new charge fits a quota, with the words Kubernetes uses when it does not:
 * {@code exceeded quota: compute, requested: pods=4, used: pods=8, limited: pods=10}. Only what a
 * write raises can exceed: a write that keeps or lowers every resource always fits, even where the
 * namespace is over a limit already (a quota lowered below its use).
 */
final class QuotaCheck {
  private static final List<Dimension> DIMENSIONS =
      List.of(
          new Dimension(QuotaAmounts.WORKLOADS, QuotaAmounts::workloads),
          new Dimension(QuotaAmounts.PODS, QuotaAmounts::pods),
          new Dimension(QuotaAmounts.CPU, QuotaAmounts::cpuMillis),
          new Dimension(QuotaAmounts.MEMORY, QuotaAmounts::memoryBytes));

  private record Dimension(String name, ToLongFunction<QuotaAmounts> amount) {}

  private QuotaCheck() {}

  /**
   * @param limits the quota's limits
   * @param admitted what the namespace has admitted before this write, the workload's previous
   *     charge included
   * @param before the workload's previous charge; zero for a new workload
   * @param after the workload's new charge
   * @return null when the write fits, else the quota's part of the refusal
   */
  static String exceeded(
      String quota,
      QuotaAmounts limits,
      QuotaAmounts admitted,
      QuotaAmounts before,
      QuotaAmounts after) {
    List<String> requested = new ArrayList<>();
    List<String> used = new ArrayList<>();
    List<String> limited = new ArrayList<>();
    for (Dimension dimension : DIMENSIONS) {
      long limit = dimension.amount().applyAsLong(limits);
      if (limit == QuotaAmounts.UNLIMITED) {
        continue;
      }
      long increase =
          dimension.amount().applyAsLong(after) - dimension.amount().applyAsLong(before);
      long use = dimension.amount().applyAsLong(admitted);
      if (increase > 0 && use + increase > limit) {
        requested.add(dimension.name() + "=" + written(dimension.name(), increase));
        used.add(dimension.name() + "=" + written(dimension.name(), use));
        limited.add(dimension.name() + "=" + written(dimension.name(), limit));
      }
    }
    if (requested.isEmpty()) {
      return null;
    }
    return "exceeded quota: "
        + quota
        + ", requested: "
        + String.join(",", requested)
        + ", used: "
        + String.join(",", used)
        + ", limited: "
        + String.join(",", limited);
  }

  /** The resources whose {@code use} is over {@code limits}, as {@code pods 12 > 10}. */
  static List<String> over(QuotaAmounts limits, QuotaAmounts use) {
    Map<String, String> over = new TreeMap<>();
    for (Dimension dimension : DIMENSIONS) {
      long limit = dimension.amount().applyAsLong(limits);
      long amount = dimension.amount().applyAsLong(use);
      if (limit != QuotaAmounts.UNLIMITED && amount > limit) {
        over.put(
            dimension.name(),
            dimension.name()
                + " "
                + written(dimension.name(), amount)
                + " > "
                + written(dimension.name(), limit));
      }
    }
    return List.copyOf(over.values());
  }

  private static String written(String dimension, long amount) {
    return switch (dimension) {
      case QuotaAmounts.CPU -> QuotaAmounts.cpu(amount);
      case QuotaAmounts.MEMORY -> QuotaAmounts.memory(amount);
      default -> Long.toString(amount);
    };
  }
}
