package io.ubernetes.federation.caller;

import java.util.Set;

/**
 * Who sent a request: a user (role, namespaces) or a member agent (its cluster).
 *
 * @param subject the name in the audit log: the token's name, the JWT subject, {@code
 *     cluster:<name>} for an agent
 * @param tokenId the API token's id or the JWT's {@code jti}; null when there is none
 * @param role the user's role; null for an agent
 * @param namespaces the namespaces a user is confined to; empty means all
 * @param cluster the agent's cluster; null for a user
 * @param clusterSets the cluster sets an operator may bind to its namespaces (ClusterSetBindings);
 *     admins bind any set
 */
public record Caller(
    String subject,
    String tokenId,
    Role role,
    Set<String> namespaces,
    String cluster,
    Set<String> clusterSets) {

  public Caller {
    namespaces = namespaces == null ? Set.of() : Set.copyOf(namespaces);
    clusterSets = clusterSets == null ? Set.of() : Set.copyOf(clusterSets);
  }

  public static Caller user(String subject, String tokenId, Role role, Set<String> namespaces) {
    return user(subject, tokenId, role, namespaces, Set.of());
  }

  public static Caller user(
      String subject, String tokenId, Role role, Set<String> namespaces, Set<String> clusterSets) {
    return new Caller(subject, tokenId, role, namespaces, null, clusterSets);
  }

  public static Caller agent(String cluster) {
    return new Caller("cluster:" + cluster, null, null, Set.of(), cluster, Set.of());
  }

  /**
   * Whether this user may bind cluster set {@code name} to a namespace it writes: an admin any set,
   * an operator the sets it is granted.
   */
  public boolean mayBind(String name) {
    return has(Role.ADMIN) || (has(Role.OPERATOR) && clusterSets.contains(name));
  }

  public boolean isAgent() {
    return cluster != null;
  }

  /** Whether this user may act in every namespace. */
  public boolean unscoped() {
    return !isAgent() && (role == Role.ADMIN || namespaces.isEmpty());
  }

  /** Whether this user's namespaces include {@code namespace}. */
  public boolean reaches(String namespace) {
    return unscoped() || (!isAgent() && namespaces.contains(namespace));
  }

  public boolean has(Role wanted) {
    return role != null && role.includes(wanted);
  }
}
