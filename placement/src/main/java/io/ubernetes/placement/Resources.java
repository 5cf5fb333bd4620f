package io.ubernetes.placement;

/**
 * An amount of the three resources placement accounts for, in base units.
 *
 * @param cpuMillis CPU in thousandths of a core
 * @param memoryBytes memory in bytes
 * @param pods pod slots
 */
public record Resources(long cpuMillis, long memoryBytes, long pods) {
  public static final Resources ZERO = new Resources(0, 0, 0);

  public Resources {
    if (cpuMillis < 0 || memoryBytes < 0 || pods < 0) {
      throw new IllegalArgumentException(
          "negative resources: "
              + cpuMillis
              + "m cpu, "
              + memoryBytes
              + " bytes, "
              + pods
              + " pods");
    }
  }

  /** What one replica of a workload needs: its requests and one pod slot. */
  public static Resources perReplica(long cpuMillis, long memoryBytes) {
    return new Resources(cpuMillis, memoryBytes, 1);
  }

  /** How many whole {@code unit}s fit in this amount; unbounded resources count as fitting. */
  public long fits(Resources unit) {
    long fit = Long.MAX_VALUE;
    if (unit.cpuMillis > 0) {
      fit = Math.min(fit, cpuMillis / unit.cpuMillis);
    }
    if (unit.memoryBytes > 0) {
      fit = Math.min(fit, memoryBytes / unit.memoryBytes);
    }
    if (unit.pods > 0) {
      fit = Math.min(fit, pods / unit.pods);
    }
    return fit;
  }
}
