package io.ubernetes.federation.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import io.ubernetes.federation.resource.FieldErrors;
import io.ubernetes.placement.Resources;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Amounts of the resources a {@link FederatedResourceQuota} limits, in base units, with {@link
 * #UNLIMITED} where a quota names no limit. Read from and written as Kubernetes quantities under
 * ResourceQuota's resource names.
 *
 * @param cpuMillis {@code requests.cpu} in thousandths of a core
 * @param memoryBytes {@code requests.memory} in bytes
 * @param pods {@code pods}: replicas, each copy of a Duplicated workload counted
 * @param workloads {@code count/federatedworkloads}
 */
public record QuotaAmounts(long cpuMillis, long memoryBytes, long pods, long workloads) {
  public static final long UNLIMITED = Long.MAX_VALUE;
  public static final String CPU = "requests.cpu";
  public static final String MEMORY = "requests.memory";
  public static final String PODS = "pods";
  public static final String WORKLOADS = "count/federatedworkloads";

  public static final QuotaAmounts ZERO = new QuotaAmounts(0, 0, 0, 0);
  public static final QuotaAmounts NO_LIMIT =
      new QuotaAmounts(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

  /**
   * The limits a quota's {@code hard} names; {@link #UNLIMITED} in the others. {@code cpu} and
   * {@code memory} stand for {@code requests.cpu} and {@code requests.memory}, as in Kubernetes.
   * Unknown names, quantities that do not parse and negative ones are added to {@code errors} under
   * {@code field.<name>}.
   */
  public static QuotaAmounts limits(Map<String, String> hard, String field, FieldErrors errors) {
    long cpu = UNLIMITED;
    long memory = UNLIMITED;
    long pods = UNLIMITED;
    long workloads = UNLIMITED;
    for (Map.Entry<String, String> entry : hard.entrySet()) {
      String name = entry.getKey();
      String at = field + "[" + name + "]";
      Long value;
      switch (name) {
        case CPU, "cpu" -> {
          value = amount(entry.getValue(), true, at, errors);
          cpu = value == null ? cpu : value;
        }
        case MEMORY, "memory" -> {
          value = amount(entry.getValue(), false, at, errors);
          memory = value == null ? memory : value;
        }
        case PODS -> {
          value = count(entry.getValue(), at, errors);
          pods = value == null ? pods : value;
        }
        case WORKLOADS -> {
          value = count(entry.getValue(), at, errors);
          workloads = value == null ? workloads : value;
        }
        default ->
            errors.add(
                at,
                "unsupported resource \""
                    + name
                    + "\": supported are "
                    + CPU
                    + " (cpu), "
                    + MEMORY
                    + " (memory), "
                    + PODS
                    + " and "
                    + WORKLOADS);
      }
    }
    return new QuotaAmounts(cpu, memory, pods, workloads);
  }

  /** What {@code replicas} replicas of {@code perReplica} use, and {@code workloads} workloads. */
  public static QuotaAmounts of(Resources perReplica, long replicas, long workloads) {
    return new QuotaAmounts(
        perReplica.cpuMillis() * replicas,
        perReplica.memoryBytes() * replicas,
        perReplica.pods() * replicas,
        workloads);
  }

  public QuotaAmounts plus(QuotaAmounts other) {
    return new QuotaAmounts(
        add(cpuMillis, other.cpuMillis),
        add(memoryBytes, other.memoryBytes),
        add(pods, other.pods),
        add(workloads, other.workloads));
  }

  /** The placement engine's view: cpu, memory and pods; the workload count is not its to place. */
  public Resources resources() {
    return new Resources(cpuMillis, memoryBytes, pods);
  }

  /**
   * As a quota's {@code hard} or {@code used} writes it: every resource {@code limits} limits, in
   * ResourceQuota's names and Kubernetes quantities ({@code 1500m}, {@code 2Gi}, {@code 10}).
   */
  public Map<String, String> written(QuotaAmounts limits) {
    Map<String, String> out = new LinkedHashMap<>();
    if (limits.cpuMillis != UNLIMITED) {
      out.put(CPU, cpu(cpuMillis));
    }
    if (limits.memoryBytes != UNLIMITED) {
      out.put(MEMORY, memory(memoryBytes));
    }
    if (limits.pods != UNLIMITED) {
      out.put(PODS, Long.toString(pods));
    }
    if (limits.workloads != UNLIMITED) {
      out.put(WORKLOADS, Long.toString(workloads));
    }
    return out;
  }

  static String cpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  static String memory(long bytes) {
    String[] units = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    if (bytes == 0 || bytes % 1024 != 0) {
      return Long.toString(bytes);
    }
    long value = bytes;
    int unit = -1;
    while (value % 1024 == 0 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return value + units[unit];
  }

  private static long add(long a, long b) {
    return a == UNLIMITED || b == UNLIMITED ? UNLIMITED : Math.addExact(a, b);
  }

  private static Long amount(String text, boolean millis, String at, FieldErrors errors) {
    BigDecimal value;
    try {
      value = Quantity.getAmountInBytes(new Quantity(text));
    } catch (RuntimeException e) {
      errors.add(at, "\"" + text + "\" is not a quantity, e.g. 500m, 2, 4Gi");
      return null;
    }
    if (value.signum() < 0) {
      errors.add(at, "must not be negative, got " + text);
      return null;
    }
    BigDecimal base = millis ? value.multiply(THOUSAND) : value;
    try {
      return base.setScale(0, RoundingMode.CEILING).longValueExact();
    } catch (ArithmeticException e) {
      errors.add(at, "too large: " + text);
      return null;
    }
  }

  private static Long count(String text, String at, FieldErrors errors) {
    Long value = amount(text, false, at, errors);
    if (value != null
        && Quantity.getAmountInBytes(new Quantity(text)).stripTrailingZeros().scale() > 0) {
      errors.add(at, "must be a whole number, got " + text);
      return null;
    }
    return value;
  }
}
