package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.AuditHook;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Join tokens that admins issue, one per new cluster, beside the federation's bootstrap join token:
 * they expire (an hour unless asked otherwise, a day at most), may be bound to one cluster name,
 * and join once. A leaked one is worth little: by the time it leaks it has usually joined its
 * cluster.
 */
@Service
class IssuedJoinTokens {
  static final String KIND = "JoinToken";
  static final Duration DEFAULT_TTL = Duration.ofHours(1);
  static final Duration MAX_TTL = Duration.ofHours(24);

  /**
   * What an admin asks for.
   *
   * @param cluster the only cluster name the token joins; null for any
   * @param ttl how long it stays valid, e.g. {@code 1h} or {@code 30m}; null for an hour
   */
  record Request(String cluster, String ttl) {}

  /** A new token: shown once, in this answer only. */
  record Issued(String token, JoinToken metadata) {}

  private final JoinTokenRepository repository;
  private final AuditHook audit;
  private final Clock clock;

  IssuedJoinTokens(JoinTokenRepository repository, AuditHook audit, Clock clock) {
    this.repository = repository;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  Issued create(Request request, Caller creator) {
    List<FieldError> errors = new ArrayList<>();
    if (request.cluster() != null && !KubernetesValidation.isDnsLabel(request.cluster())) {
      errors.add(new FieldError("cluster", "must be a cluster name (a DNS-1123 label)"));
    }
    Duration ttl = request.ttl() == null ? DEFAULT_TTL : ApiTokens.duration(request.ttl());
    if (ttl == null || ttl.isNegative() || ttl.isZero()) {
      errors.add(
          new FieldError(
              "ttl", "a positive duration such as 1h, 30m or PT2H, got \"" + request.ttl() + "\""));
    } else if (ttl.compareTo(MAX_TTL) > 0) {
      errors.add(new FieldError("ttl", "at most " + MAX_TTL.toHours() + "h"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(KIND, null, errors);
    }
    Instant now = clock.instant();
    String id = TokenSecrets.newId();
    String secret = TokenSecrets.newSecret();
    JoinToken token =
        new JoinToken(
            id, request.cluster(), now, creator.subject(), now.plus(ttl), null, null, null);
    repository.insert(token, TokenSecrets.hash(secret));
    audit.recordChange("create", KIND, null, id, null, null);
    return new Issued(TokenSecrets.joinToken(id, secret), token);
  }

  List<JoinToken> list() {
    return repository.list();
  }

  /** Revokes a token: no cluster joins with it from now on. */
  @Transactional
  JoinToken revoke(String id) {
    JoinToken token =
        repository.lock(id).orElseThrow(() -> ApiException.notFound(KIND, null, id)).token();
    if (token.revokedAt() == null) {
      repository.revoke(id, clock.instant());
    }
    audit.recordChange("delete", KIND, null, id, null, null);
    return repository.load(id).orElseThrow();
  }

  /**
   * Spends {@code presented} on {@code cluster}'s join, in the caller's transaction: it commits
   * with the join or not at all. The agent that spent it may present it again (its answer was lost,
   * it awaits approval); any other join is refused.
   *
   * @return false when {@code presented} is no issued join token (it may still be the bootstrap
   *     one)
   * @throws ApiException 401 when it expired, was revoked or was spent by another join; 403 when it
   *     is bound to another cluster name
   */
  @Transactional
  boolean spend(String presented, String cluster, String requestId) {
    TokenSecrets.Parsed parsed = TokenSecrets.parseJoin(presented);
    if (parsed == null) {
      return false;
    }
    JoinTokenRepository.Stored stored = repository.lock(parsed.id()).orElse(null);
    if (stored == null || !TokenSecrets.same(stored.hash(), TokenSecrets.hash(parsed.secret()))) {
      return false;
    }
    JoinToken token = stored.token();
    Instant now = clock.instant();
    if (token.revokedAt() != null) {
      throw ApiException.unauthorized(
          "the join token " + token.id() + " was revoked at " + token.revokedAt());
    }
    if (token.cluster() != null && !token.cluster().equals(cluster)) {
      throw ApiException.forbidden(
          "the join token "
              + token.id()
              + " joins cluster \""
              + token.cluster()
              + "\" only, not \""
              + cluster
              + "\"");
    }
    if (token.usedAt() != null) {
      if (token.usedBy().equals(cluster) && stored.usedByRequest().equals(requestId)) {
        return true;
      }
      throw ApiException.unauthorized(
          "the join token "
              + token.id()
              + " was spent: cluster \""
              + token.usedBy()
              + "\" joined with it at "
              + token.usedAt()
              + "; a join token joins one cluster once, ask an admin for a new one");
    }
    if (!now.isBefore(token.expiresAt())) {
      throw ApiException.unauthorized(
          "the join token "
              + token.id()
              + " expired at "
              + token.expiresAt()
              + "; ask an admin for a new one");
    }
    if (!repository.spend(token.id(), cluster, requestId, now)) {
      // The row lock above makes joins take turns; this holds even if a caller forgot it.
      throw ApiException.unauthorized(
          "the join token " + token.id() + " was spent by another join");
    }
    return true;
  }
}
