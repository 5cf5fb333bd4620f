package io.ubernetes.placement;

import java.util.Set;
import java.util.TreeSet;

/**
 * A hard rule on the topology domain of a cluster, from a Strict or AntiAffinity coupling: the
 * value of {@code topologyKey} (the cluster itself when null) must, or must not, be one of {@code
 * domains}.
 */
final class DomainRule {
  private final boolean inside;
  private final String topologyKey;
  private final Set<String> domains;
  private final String reason;

  /**
   * @param partner who the rule is about, for diagnoses
   */
  DomainRule(boolean inside, String topologyKey, Set<String> domains, String partner) {
    this.inside = inside;
    this.topologyKey = topologyKey;
    this.domains = new TreeSet<>(domains);
    String scope = topologyKey == null ? "cluster" : LabelSelector.shortKey(topologyKey);
    this.reason =
        (inside ? "not in the " : "shares the ")
            + scope
            + " of "
            + partner
            + (this.domains.isEmpty() ? "" : " " + this.domains);
  }

  /** The label whose value is the domain; null for the cluster itself. */
  String topologyKey() {
    return topologyKey;
  }

  /**
   * Per id of the column of {@link #topologyKey}, whether a cluster with that value may be used.
   */
  boolean[] allowed(LabelColumn column) {
    return column.where(
        domain ->
            inside
                ? domain != null && domains.contains(domain)
                : domain == null || !domains.contains(domain));
  }

  String reason() {
    return reason;
  }
}
