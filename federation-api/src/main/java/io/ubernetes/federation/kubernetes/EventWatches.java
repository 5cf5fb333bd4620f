package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.events.EventRecord;
import io.ubernetes.federation.events.WorkloadEvents;
import io.ubernetes.federation.resource.WatchRequest;
import io.ubernetes.federation.resource.WatchStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Watches of the workloads' events, in the watch protocol of every other kind ({@link
 * WatchRequest}'s parameters, {@link WatchStream}'s lines): ADDED for an event's first occurrence,
 * MODIFIED when its count went up; the current events first without a resourceVersion; a BOOKMARK a
 * minute when allowed; the initial events of {@code sendInitialEvents} ended by the {@code
 * k8s.io/initial-events-end} bookmark. Events are not resources: they have their own table and
 * versions ({@link WorkloadEvents}), so each watch reads what was written after the version it has
 * seen, every second, holding no connection in between. Events deleted after their TTL are not
 * announced.
 */
@Component
class EventWatches implements SmartLifecycle {
  private static final Duration POLL = Duration.ofSeconds(1);

  /**
   * How often a watch that allows bookmarks gets one: it also finds a client that went away while
   * nothing happened, whose watch would otherwise poll on until its timeout.
   */
  private static final Duration BOOKMARK = Duration.ofMinutes(1);

  /** Kubernetes' default, spread so that watches opened together do not all end together. */
  private static final long DEFAULT_TIMEOUT_SECONDS = 1800;

  private static final int BATCH = 500;

  private final WorkloadEvents events;
  private final JsonMapper json;
  private final Clock clock;
  private final Object wake = new Object();
  // Watches are served from the moment the web server takes requests.
  private volatile boolean running = true;

  EventWatches(WorkloadEvents events, JsonMapper json, Clock clock) {
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  void serve(
      WorkloadEvents.Query query, WatchRequest request, boolean table, HttpServletResponse response)
      throws IOException {
    long seen;
    List<EventRecord> initial = List.of();
    if (request.initialEvents()) {
      WorkloadEvents.Page page = events.list(query);
      initial = page.items();
      seen = page.resourceVersion();
    } else {
      seen = request.resourceVersion() == null ? events.newest() : request.resourceVersion();
    }
    WatchStream stream = new WatchStream(response, json, "v1", "Event");
    stream.open();
    for (EventRecord event : initial) {
      send(stream, "ADDED", event, table);
    }
    if (request.sendInitialEvents() != null) {
      stream.bookmark(seen, true);
    }
    long timeout =
        request.timeoutSeconds() != null
            ? request.timeoutSeconds()
            : DEFAULT_TIMEOUT_SECONDS
                + ThreadLocalRandom.current().nextLong(DEFAULT_TIMEOUT_SECONDS);
    long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
    long bookmarked = System.nanoTime();
    while (running && !Thread.currentThread().isInterrupted() && System.nanoTime() < deadline) {
      List<EventRecord> changed;
      do {
        changed = events.after(seen, query, BATCH);
        for (EventRecord event : changed) {
          send(stream, event.count() == 1 ? "ADDED" : "MODIFIED", event, table);
          seen = Math.max(seen, event.resourceVersion());
        }
      } while (changed.size() == BATCH);
      if (request.allowWatchBookmarks() && System.nanoTime() - bookmarked > BOOKMARK.toNanos()) {
        stream.bookmark(seen, false);
        bookmarked = System.nanoTime();
      }
      pause();
    }
  }

  private void send(WatchStream stream, String type, EventRecord event, boolean table)
      throws IOException {
    Object object =
        table
            ? EventColumns.table(
                List.of(event), Long.toString(event.resourceVersion()), null, clock.instant())
            : event.toObject();
    stream.event(type, json.writeValueAsBytes(object));
  }

  private void pause() {
    synchronized (wake) {
      try {
        wake.wait(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void start() {
    running = true;
  }

  /** Ends every watch before the web server waits for requests to finish: clients watch again. */
  @Override
  public void stop() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
