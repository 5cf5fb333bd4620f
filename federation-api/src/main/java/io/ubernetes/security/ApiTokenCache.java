package io.ubernetes.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The stored form of the API tokens in use, so that a request costs no database round trip to
 * authenticate. Every change to a token (revocation, a new secret) notifies every replica through
 * PostgreSQL's LISTEN/NOTIFY in the changing transaction, and the replica that made it forgets the
 * token as soon as it commits: a revoked token is refused from the next request on, on every
 * replica. While a replica is not listening (its database connection is down, say) it does not use
 * the cache at all; when it listens again it starts afresh, since it may have missed changes.
 */
@Component
class ApiTokenCache implements SmartLifecycle {
  static final String CHANNEL = "ubernetes_api_tokens";
  private static final Logger log = LoggerFactory.getLogger(ApiTokenCache.class);
  private static final int POLL_MILLIS = 1000;
  private static final int MAX_ENTRIES = 10_000;

  private final DataSource dataSource;
  private final ConcurrentHashMap<String, ApiTokenRepository.Stored> tokens =
      new ConcurrentHashMap<>();
  // Moves on with every eviction, so that a load that raced with one is not kept.
  private final AtomicLong evictions = new AtomicLong();
  private volatile boolean listening;
  private volatile boolean running;
  private Thread listener;

  ApiTokenCache(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The stored token of this id: from memory while listening, else from {@code load}. */
  Optional<ApiTokenRepository.Stored> find(
      String id, Function<String, Optional<ApiTokenRepository.Stored>> load) {
    if (!listening) {
      return load.apply(id);
    }
    ApiTokenRepository.Stored cached = tokens.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    long before = evictions.get();
    Optional<ApiTokenRepository.Stored> loaded = load.apply(id);
    if (loaded.isPresent() && listening && evictions.get() == before) {
      if (tokens.size() >= MAX_ENTRIES) {
        tokens.clear();
      }
      tokens.put(id, loaded.get());
      // An eviction between the check above and the put: do not keep what may be stale.
      if (evictions.get() != before) {
        tokens.remove(id);
      }
    }
    return loaded;
  }

  /**
   * Forgets the token when the current transaction commits (at once without one); the other
   * replicas hear of it through the notification the change sent.
   */
  void evictOnCommit(String id) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              evict(id);
            }
          });
    } else {
      evict(id);
    }
  }

  private void evict(String id) {
    evictions.incrementAndGet();
    tokens.remove(id);
  }

  private void forgetAll() {
    evictions.incrementAndGet();
    tokens.clear();
  }

  private void listen() {
    long backoff = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        // Changes may have been missed while not listening.
        forgetAll();
        listening = true;
        backoff = 500;
        while (running) {
          PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              evict(notification.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        listening = false;
        forgetAll();
        if (running) {
          log.warn(
              "Listening for API token changes failed, checking tokens in the database meanwhile;"
                  + " retrying in {} ms: {}",
              backoff,
              e.getMessage());
          sleep(backoff);
          backoff = Math.min(backoff * 2, 30_000);
        }
      }
    }
    listening = false;
  }

  private void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void start() {
    running = true;
    listener = Thread.ofPlatform().name("ubernetes-api-tokens").daemon().start(this::listen);
  }

  @Override
  public void stop() {
    running = false;
    listening = false;
    if (listener != null) {
      try {
        listener.join(POLL_MILLIS * 3L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
