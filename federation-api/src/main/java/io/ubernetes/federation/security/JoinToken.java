package io.ubernetes.federation.security;

import java.time.Instant;

/**
 * A join token an admin issued, as the API shows it: everything but the secret.
 *
 * @param cluster the only cluster name it joins, or null for any
 * @param usedAt when a cluster joined with it (it joins no other), or null
 * @param usedBy the cluster that joined with it, or null
 * @param revokedAt when an admin revoked it, or null
 */
public record JoinToken(
    String id,
    String cluster,
    Instant createdAt,
    String createdBy,
    Instant expiresAt,
    Instant usedAt,
    String usedBy,
    Instant revokedAt) {}
