package io.ubernetes.federation.security;

import io.ubernetes.federation.database.NotifiedCache;
import io.ubernetes.federation.database.PostgresNotifications;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The stored form of the API tokens in use, so that a request costs no database round trip to
 * authenticate. Every change to a token (revocation, a new secret) notifies every replica on
 * {@value #CHANNEL} in the changing transaction: a revoked token is refused from the next request
 * on, on every replica (see {@link NotifiedCache}).
 */
@Component
class ApiTokenCache {
  static final String CHANNEL = "ubernetes_api_tokens";
  private static final int MAX_ENTRIES = 10_000;

  private final NotifiedCache<ApiTokenRepository.Stored> tokens;

  ApiTokenCache(PostgresNotifications notifications) {
    tokens = new NotifiedCache<>(notifications, CHANNEL, MAX_ENTRIES);
  }

  /** The stored token of this id: from memory while listening, else from {@code load}. */
  Optional<ApiTokenRepository.Stored> find(
      String id, Function<String, Optional<ApiTokenRepository.Stored>> load) {
    return tokens.find(id, load);
  }

  /** Forgets the token once the current transaction commits. */
  void evictOnCommit(String id) {
    tokens.evictOnCommit(id);
  }
}
