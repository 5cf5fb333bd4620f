package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.agent.report.PodRequests;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** CPU in millicores, memory in bytes, pods as a count: what a node offers or a pod asks for. */
record Resources(long milliCpu, long memoryBytes, long pods) {
  static final Resources ZERO = new Resources(0, 0, 0);

  /**
   * What a pod asks of its node, counted by the member agent's own {@link PodRequests}
   * (kube-scheduler's rules), so the simulation and the agent's capacity reports agree; the pod
   * takes one of the node's pod slots.
   */
  static Resources requestedBy(PodSpec spec) {
    io.ubernetes.agent.report.Resources requested = PodRequests.of(spec);
    return new Resources(requested.milliCpu(), requested.memoryBytes(), 1);
  }

  /** cpu, memory and pods of a resource list; other resources and unreadable values count 0. */
  static Resources of(Map<String, Quantity> list) {
    if (list == null) {
      return ZERO;
    }
    return new Resources(
        amountOrZero(list.get("cpu"), 1000),
        amountOrZero(list.get("memory"), 1),
        amountOrZero(list.get("pods"), 1));
  }

  /** {@code "250m"} is 250, {@code "2"} is 2000; throws IllegalArgumentException if unreadable. */
  static long milliCpu(String quantity) {
    return amount(new Quantity(quantity), 1000);
  }

  /** {@code "1Gi"} is 1073741824; throws IllegalArgumentException if unreadable. */
  static long bytes(String quantity) {
    return amount(new Quantity(quantity), 1);
  }

  Resources plus(Resources other) {
    return new Resources(
        milliCpu + other.milliCpu, memoryBytes + other.memoryBytes, pods + other.pods);
  }

  Resources minus(Resources other) {
    return new Resources(
        milliCpu - other.milliCpu, memoryBytes - other.memoryBytes, pods - other.pods);
  }

  private static long amountOrZero(Quantity quantity, int scale) {
    if (quantity == null) {
      return 0;
    }
    try {
      return amount(quantity, scale);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  /** A quantity times {@code scale}, rounded up as Kubernetes does (250.5m cpu is 251m). */
  private static long amount(Quantity quantity, int scale) {
    try {
      BigDecimal base = Quantity.getAmountInBytes(quantity);
      return base.multiply(BigDecimal.valueOf(scale))
          .setScale(0, RoundingMode.CEILING)
          .longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("not a quantity: " + quantity, e);
    }
  }
}
