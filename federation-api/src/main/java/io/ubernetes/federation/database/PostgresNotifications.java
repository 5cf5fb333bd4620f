package io.ubernetes.federation.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL's LISTEN/NOTIFY for the whole service: one connection per replica listens on every
 * channel a component subscribed to and hands each notification to that channel's subscribers, so
 * that a change made by any replica reaches all of them. A notification sent in a transaction is
 * delivered when it commits, and not at all if it rolls back.
 *
 * <p>Notifications can be missed while the connection is down. Subscribers hear when listening
 * stops ({@link Subscriber#stopped}) and when it starts again ({@link Subscriber#listening}), and
 * must then assume that anything may have changed meanwhile.
 */
@Component
public class PostgresNotifications implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(PostgresNotifications.class);
  private static final Pattern CHANNEL = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final int POLL_MILLIS = 1000;

  /** What a component does with its channel's notifications. Called on the listener's thread. */
  public interface Subscriber {
    /** Listening (again): notifications sent while not listening were lost. */
    void listening();

    /** A notification with this payload (empty if none was given). */
    void notified(String payload);

    /** Not listening any more, for now (the connection failed) or for good (stopping). */
    void stopped();
  }

  private final DataSource dataSource;
  private final Map<String, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile boolean listening;
  private Thread listener;

  PostgresNotifications(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Subscribes to a channel. Components subscribe while the application starts, before listening
   * begins; a channel is a lower-case SQL identifier.
   */
  public void subscribe(String channel, Subscriber subscriber) {
    if (!CHANNEL.matcher(channel).matches()) {
      throw new IllegalArgumentException("not a channel name: " + channel);
    }
    if (running) {
      throw new IllegalStateException("subscribe to " + channel + " before listening starts");
    }
    subscribers.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
  }

  /** Whether notifications are being received now. */
  public boolean listening() {
    return listening;
  }

  private void listen() {
    long backoff = 500;
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
          for (String channel : subscribers.keySet()) {
            statement.execute("LISTEN " + channel);
          }
        }
        PGConnection notifications = connection.unwrap(PGConnection.class);
        listening = true;
        each(Subscriber::listening);
        backoff = 500;
        while (running) {
          PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
          if (received != null) {
            for (PGNotification notification : received) {
              for (Subscriber subscriber :
                  subscribers.getOrDefault(notification.getName(), List.of())) {
                subscriber.notified(notification.getParameter());
              }
            }
          }
        }
      } catch (SQLException e) {
        if (listening) {
          listening = false;
          each(Subscriber::stopped);
        }
        if (running) {
          log.warn(
              "Listening for changes made by other replicas failed, retrying in {} ms: {}",
              backoff,
              e.getMessage());
          sleep(backoff);
          backoff = Math.min(backoff * 2, 30_000);
        }
      }
    }
  }

  private void each(java.util.function.Consumer<Subscriber> call) {
    subscribers.values().forEach(list -> list.forEach(call));
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
    if (!subscribers.isEmpty()) {
      listener = Thread.ofPlatform().name("ubernetes-notifications").daemon().start(this::listen);
    }
  }

  /** Stops listening; every subscriber hears {@link Subscriber#stopped} at once. */
  @Override
  public void stop() {
    running = false;
    listening = false;
    each(Subscriber::stopped);
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
