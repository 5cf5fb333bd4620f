package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.agent.protocol.Amounts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** CPU in millicores, memory in bytes, pods as a count. */
public record Resources(long milliCpu, long memoryBytes, long pods) {
  static final Resources ZERO = new Resources(0, 0, 0);
  private static final String[] BINARY_SUFFIXES = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  /** cpu, memory and pods of a resource list; other resources and unreadable values are skipped. */
  static Resources of(Map<String, Quantity> list) {
    if (list == null) {
      return ZERO;
    }
    return new Resources(
        amount(list.get("cpu"), 1000), amount(list.get("memory"), 1), amount(list.get("pods"), 1));
  }

  Resources plus(Resources other) {
    return new Resources(
        milliCpu + other.milliCpu, memoryBytes + other.memoryBytes, pods + other.pods);
  }

  /**
   * What is left of this after {@code used}; nothing (not less) where more is used than there is.
   */
  Resources remainingAfter(Resources used) {
    return new Resources(
        Math.max(0, milliCpu - used.milliCpu),
        Math.max(0, memoryBytes - used.memoryBytes),
        Math.max(0, pods - used.pods));
  }

  Resources max(Resources other) {
    return new Resources(
        Math.max(milliCpu, other.milliCpu),
        Math.max(memoryBytes, other.memoryBytes),
        Math.max(pods, other.pods));
  }

  Resources withPods(long count) {
    return new Resources(milliCpu, memoryBytes, count);
  }

  Amounts toAmounts() {
    return new Amounts(cpu(milliCpu), memory(memoryBytes), Long.toString(pods));
  }

  /** Whole cores as {@code "64"}, otherwise millicores as {@code "63500m"}. */
  static String cpu(long milliCpu) {
    return milliCpu % 1000 == 0 ? Long.toString(milliCpu / 1000) : milliCpu + "m";
  }

  /** The largest binary suffix that divides exactly: {@code "256Gi"}, {@code "1536Mi"}, bytes. */
  static String memory(long bytes) {
    if (bytes == 0) {
      return "0";
    }
    long value = bytes;
    int suffix = -1;
    while (suffix < BINARY_SUFFIXES.length - 1 && value % 1024 == 0) {
      value /= 1024;
      suffix++;
    }
    return suffix < 0 ? Long.toString(value) : value + BINARY_SUFFIXES[suffix];
  }

  /** A quantity times {@code scale}, rounded up as Kubernetes does (250.5m cpu is 251m). */
  private static long amount(Quantity quantity, int scale) {
    if (quantity == null) {
      return 0;
    }
    try {
      BigDecimal base = Quantity.getAmountInBytes(quantity);
      return base.multiply(BigDecimal.valueOf(scale))
          .setScale(0, RoundingMode.CEILING)
          .longValueExact();
    } catch (ArithmeticException | IllegalArgumentException e) {
      return 0;
    }
  }
}
