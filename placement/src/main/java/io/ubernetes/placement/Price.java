package io.ubernetes.placement;

/**
 * What a cluster's capacity costs, in any one currency used across the fleet.
 *
 * @param cpuCoreHour one CPU core for one hour
 * @param memoryGiBHour one GiB of memory for one hour
 */
public record Price(double cpuCoreHour, double memoryGiBHour) {
  public static final Price FREE = new Price(0, 0);
  private static final double GIB = 1024.0 * 1024 * 1024;

  public Price {
    if (!(cpuCoreHour >= 0)
        || !(memoryGiBHour >= 0)
        || Double.isInfinite(cpuCoreHour + memoryGiBHour)) {
      throw new IllegalArgumentException("prices must be finite and non-negative");
    }
  }

  /** The hourly price of {@code amount} at this cluster. */
  public double of(Resources amount) {
    return amount.cpuMillis() / 1000.0 * cpuCoreHour + amount.memoryBytes() / GIB * memoryGiBHour;
  }
}
