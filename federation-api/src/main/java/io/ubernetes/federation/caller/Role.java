package io.ubernetes.federation.caller;

import java.util.Locale;
import java.util.Optional;

/** What a user may do; each role includes the ones before it. */
public enum Role {
  /** Reads everything within its namespaces; Secrets in workloads come back redacted. */
  VIEWER,
  /**
   * Also writes workloads, services and override policies in its namespaces (and placement
   * policies, rollout strategies and cluster override policies if unscoped).
   */
  OPERATOR,
  /** Everything: clusters, join approval, tokens, the audit log. */
  ADMIN;

  public boolean includes(Role other) {
    return compareTo(other) >= 0;
  }

  /** The name used on the wire and in the database. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    for (Role role : values()) {
      if (role.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
