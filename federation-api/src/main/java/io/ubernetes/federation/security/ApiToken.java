package io.ubernetes.federation.security;

import java.time.Instant;
import java.util.List;

/**
 * An API token as the API shows it: everything but the secret.
 *
 * @param namespaces the namespaces it is confined to; empty means all
 * @param clusterSets the cluster sets an operator token may bind to its namespaces; empty for none
 *     (an admin token binds any set)
 * @param expiresAt null for a token that does not expire (only the bootstrap admin token)
 * @param revokedAt when it was revoked, or null
 */
public record ApiToken(
    String id,
    String name,
    String role,
    List<String> namespaces,
    List<String> clusterSets,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant revokedAt) {

  public ApiToken {
    namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    clusterSets = clusterSets == null ? List.of() : List.copyOf(clusterSets);
  }
}
