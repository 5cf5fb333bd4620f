package io.ubernetes.federation.audit;

import java.time.Instant;

/**
 * One entry of the audit log.
 *
 * @param subject who: the token's name, the JWT subject or {@code cluster:<name>}; null when the
 *     request carried no valid credential
 * @param tokenId the API token's id or the JWT's {@code jti}
 * @param verb create, update, patch, delete, approve, deny, rotate-credential, join
 * @param resource the kind, e.g. FederatedWorkload
 * @param resourceVersionBefore the object's resourceVersion before the change (null on create)
 * @param resourceVersionAfter after it (null on refusal)
 * @param source the client's address
 * @param status the HTTP status of the answer
 * @param outcome {@code allowed}, {@code denied} (401, 403, 429) or {@code failed} (other 4xx, 5xx)
 */
public record AuditEvent(
    long id,
    Instant at,
    String subject,
    String tokenId,
    String verb,
    String resource,
    String namespace,
    String name,
    String resourceVersionBefore,
    String resourceVersionAfter,
    String source,
    int status,
    String outcome,
    String detail) {}
