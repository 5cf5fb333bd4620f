package io.ubernetes.placement;

/**
 * A budget that stopped a decision: it had no room for a replica (or a cluster's minimum, or a
 * Duplicated workload's whole copy) that a cluster could otherwise have taken.
 *
 * @param quota the quota's name
 * @param clusterSet the cluster set of a per-set limit; null for the whole fleet
 * @param resource the dimension without room, as the quota names it: {@code requests.cpu}, {@code
 *     requests.memory} or {@code pods}
 * @param used what is used in the scope with this decision, in base units (millicores, bytes, pods)
 * @param hard the limit, in the same units
 */
public record QuotaReached(String quota, String clusterSet, String resource, long used, long hard) {

  /**
   * {@code quota compute: pods 10/10 used}, {@code quota eu (cluster set eu): requests.cpu ...}.
   */
  public String message() {
    return "quota "
        + quota
        + (clusterSet == null ? "" : " (cluster set " + clusterSet + ")")
        + ": "
        + resource
        + " "
        + amount(used)
        + "/"
        + amount(hard)
        + " used";
  }

  private String amount(long value) {
    return switch (resource) {
      case "requests.cpu" -> Quantities.cpu(value);
      case "requests.memory" -> Quantities.memory(value);
      default -> Long.toString(value);
    };
  }
}
