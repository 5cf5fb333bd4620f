package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.function.Function;

/** A cluster's resources in plain units (cores, bytes, pods), from its Kubernetes quantities. */
final class Quantities {
  private Quantities() {}

  /**
   * One resource of a cluster.
   *
   * @param allocatable what its nodes offer to pods ({@code status.allocatable})
   * @param used what is allocated there ({@code status.allocated})
   * @param free {@code allocatable - used}
   */
  record Use(Double allocatable, Double used, Double free) {}

  static Use use(JsonNode cluster, String resource) {
    Double allocatable = amount(Json.text(cluster, "status", "allocatable", resource));
    Double used = amount(Json.text(cluster, "status", "allocated", resource));
    if (allocatable == null) {
      return null;
    }
    double allocated = used == null ? 0 : used;
    return new Use(allocatable, allocated, Math.max(0, allocatable - allocated));
  }

  private static Double amount(String quantity) {
    if (quantity == null) {
      return null;
    }
    try {
      return new Quantity(quantity).getNumericalAmount().doubleValue();
    } catch (IllegalArgumentException | ArithmeticException e) {
      return null;
    }
  }

  /** {@code used/free}, each as {@code format} prints it; null when the cluster reported none. */
  static String pair(Use use, Function<Double, String> format) {
    return use == null ? null : format.apply(use.used()) + "/" + format.apply(use.free());
  }

  static String cores(Double cores) {
    return BigDecimal.valueOf(cores)
        .setScale(1, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  static String bytes(Double bytes) {
    double gib = bytes / (1L << 30);
    return gib >= 1 || bytes == 0
        ? String.format(Locale.ROOT, "%.1fGi", gib).replace(".0Gi", "Gi")
        : String.format(Locale.ROOT, "%.0fMi", bytes / (1L << 20));
  }

  static String count(Double count) {
    return String.valueOf(Math.round(count));
  }
}
