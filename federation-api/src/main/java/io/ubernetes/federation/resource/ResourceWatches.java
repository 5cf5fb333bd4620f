package io.ubernetes.federation.resource;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves watches ({@code ?watch=true} on a list path) the Kubernetes way: the current objects as
 * ADDED events first when the watch starts from now or asks for them ({@code sendInitialEvents},
 * ended by the bookmark kubectl waits for), else every change after the given resourceVersion from
 * the event log (410 Expired when it is older than the history kept); then each change as it
 * commits on any replica, bookmarks when allowed, until {@code timeoutSeconds}. A watch is a read:
 * the caller sees what a list would show it, and nothing is audited.
 */
@Service
public class ResourceWatches {
  /** Kubernetes' default, spread so that watches opened together do not all end together. */
  private static final long DEFAULT_TIMEOUT_SECONDS = 1800;

  private static final Duration FUTURE_PATIENCE = Duration.ofSeconds(3);

  private final WatchHub hub;
  private final EventTail tail;
  private final ResourceEvents events;
  private final ResourceReader reader;
  private final ResourceCodec codec;
  private final JsonMapper json;
  private final WatchProperties properties;
  private final List<ObjectRedaction> redactions;
  private final List<WatchFormat> formats;

  ResourceWatches(
      WatchHub hub,
      EventTail tail,
      ResourceEvents events,
      ResourceReader reader,
      ResourceCodec codec,
      JsonMapper json,
      WatchProperties properties,
      List<ObjectRedaction> redactions,
      List<WatchFormat> formats) {
    this.hub = hub;
    this.tail = tail;
    this.events = events;
    this.reader = reader;
    this.codec = codec;
    this.json = json;
    this.properties = properties;
    this.redactions = List.copyOf(redactions);
    this.formats = List.copyOf(formats);
  }

  /**
   * The PostgreSQL notification channel on which every change of an object is announced when it
   * commits (V13).
   */
  public static final String CHANNEL = "ubernetes_resource_events";

  /** Changes were committed (on any replica): the watches get them now. */
  public void changesCommitted() {
    tail.wake();
  }

  /**
   * Serves one watch on the calling thread until it ends.
   *
   * @param namespaces the namespaces watched; null for every namespace
   */
  public <R extends ApiObject<S, T>, S, T> void serve(
      ResourceStrategy<R, S, T> strategy,
      Set<String> namespaces,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    if (upgrade != null && upgrade.toLowerCase().contains("websocket")) {
      // Fabric8 tries a WebSocket first and watches over HTTP after a 503 (research 0.5).
      WatchStream.refuse(
          response,
          json,
          503,
          "ServiceUnavailable",
          "watches are served over HTTP, not WebSocket: watch without the Upgrade header");
      return;
    }
    Map<String, String> parameters = parameters(request);
    WatchRequest watch = WatchRequest.of(parameters);
    Function<ApiObject<?, ?>, Object> form =
        formats.stream()
            .map(format -> format.forWatch(strategy.kind(), request))
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(null);
    WatchFilter filter =
        new WatchFilter(
            strategy.kind(),
            namespaces == null || !strategy.namespaced() ? null : namespaces,
            watch.labelSelector(),
            watch.fieldSelector());
    Caller caller = Callers.current().orElse(null);
    Watcher watcher = new Watcher(filter, properties.buffer());
    long registered = hub.register(watcher);
    try {
      new Session<>(strategy, watch, filter, caller, watcher, registered, parameters, form)
          .run(request, response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.unregister(watcher);
    }
  }

  private static Map<String, String> parameters(HttpServletRequest request) {
    Map<String, String> parameters = new HashMap<>();
    request.getParameterMap().forEach((name, values) -> parameters.put(name, values[0]));
    return parameters;
  }

  /** One watch from its first event to its end. */
  private final class Session<R extends ApiObject<S, T>, S, T> {
    private final ResourceStrategy<R, S, T> strategy;
    private final WatchRequest watch;
    private final WatchFilter filter;
    private final Caller caller;
    private final Watcher watcher;
    private final long registered;
    private final Map<String, String> parameters;
    // What the watch's events carry instead of the objects (Table rows); null for the objects.
    private final Function<ApiObject<?, ?>, Object> form;
    // The objects sent as ADDED first, by uid, with their resourceVersion: their older changes
    // are not sent again.
    private final Map<String, Long> initial = new HashMap<>();
    private long position;

    Session(
        ResourceStrategy<R, S, T> strategy,
        WatchRequest watch,
        WatchFilter filter,
        Caller caller,
        Watcher watcher,
        long registered,
        Map<String, String> parameters,
        Function<ApiObject<?, ?>, Object> form) {
      this.strategy = strategy;
      this.watch = watch;
      this.filter = filter;
      this.caller = caller;
      this.watcher = watcher;
      this.registered = registered;
      this.parameters = parameters;
      this.form = form;
    }

    void run(HttpServletRequest request, HttpServletResponse response)
        throws IOException, InterruptedException {
      Long from = watch.resourceVersion();
      position = registered;
      List<StoredEvent> missed = List.of();
      if (from != null && from > registered) {
        if (!reached(from)) {
          WatchStream.refuse(
              response,
              json,
              504,
              "Timeout",
              "Too large resource version: " + from + ", current: " + tail.catchUp());
          return;
        }
        position = from;
      } else if (from != null && !watch.initialEvents()) {
        Long complete = events.completeFrom();
        if (complete != null && from < complete) {
          WatchStream.refuse(
              response,
              json,
              410,
              "Expired",
              "too old resource version: " + from + " (" + complete + ")");
          return;
        }
        missed = events.between(strategy.kind(), from, registered);
        position = from;
      }
      List<R> current = watch.initialEvents() ? currentObjects() : List.of();

      WatchStream stream = new WatchStream(response, json, strategy.kind());
      try {
        stream.open();
        for (R object : current) {
          initial.put(object.metadata().uid(), Long.valueOf(object.metadata().resourceVersion()));
          stream.event("ADDED", json.writeValueAsBytes(formed(shown(object))));
        }
        for (StoredEvent event : missed) {
          send(stream, new Change(event, json));
        }
        // The queue holds what came after the watch registered.
        position = Math.max(position, registered);
        if (Boolean.TRUE.equals(watch.sendInitialEvents())) {
          stream.bookmark(position, true);
        } else if (watch.allowWatchBookmarks()) {
          // Also tells clients that count an idle, empty watch as a failure that this one works.
          stream.bookmark(position, false);
        }
        live(stream);
      } catch (IOException e) {
        // The client went away: the watch ends.
      }
    }

    private void live(WatchStream stream) throws IOException, InterruptedException {
      long timeout =
          watch.timeoutSeconds() == null || watch.timeoutSeconds() == 0
              ? DEFAULT_TIMEOUT_SECONDS
                  + ThreadLocalRandom.current().nextLong(DEFAULT_TIMEOUT_SECONDS)
              : watch.timeoutSeconds();
      long deadline = System.nanoTime() + Duration.ofSeconds(timeout).toNanos();
      long interval = properties.bookmarkInterval().toNanos();
      long nextBookmark = System.nanoTime() + interval;
      while (true) {
        long now = System.nanoTime();
        if (now >= deadline) {
          return;
        }
        Object next = watcher.next(Duration.ofNanos(Math.min(deadline, nextBookmark) - now));
        if (next instanceof Change change) {
          send(stream, change);
        } else if (next == Watcher.Signal.OVERFLOWED) {
          stream.error(
              410,
              "Expired",
              "the watch fell more than "
                  + properties.buffer()
                  + " events behind: list and watch again");
          return;
        } else if (next == Watcher.Signal.CLOSED) {
          return;
        } else if (watch.allowWatchBookmarks() && System.nanoTime() >= nextBookmark) {
          long watermark = watcher.watermark();
          if (watcher.idle()) {
            position = Math.max(position, watermark);
            stream.bookmark(position, false);
          }
          nextBookmark = System.nanoTime() + interval;
        }
      }
    }

    private void send(WatchStream stream, Change change) throws IOException {
      if (change.resourceVersion() <= position) {
        return;
      }
      position = change.resourceVersion();
      Long listed = initial.get(change.row().uid().toString());
      if (listed != null && change.resourceVersion() <= listed) {
        return;
      }
      String type = filter.typeFor(change);
      if (type == null) {
        return;
      }
      R object = change.object(strategy, codec);
      ApiObject<?, ?> shown = shown(object);
      stream.event(
          type,
          form == null ? change.json(shown, json) : json.writeValueAsBytes(form.apply(shown)));
    }

    /** The objects watched as they are now, in one consistent read. */
    private List<R> currentObjects() {
      ResourceList<R> list =
          reader.listIn(strategy, filter.namespaces(), parameters.get("labelSelector"), null, null);
      return list.items().stream()
          .filter(
              object ->
                  filter
                      .fields()
                      .matches(
                          ResourceStore.scope(strategy, object.metadata().namespace()),
                          object.metadata().name()))
          .toList();
    }

    private ApiObject<?, ?> shown(R object) {
      ApiObject<?, ?> shown = object;
      for (ObjectRedaction redaction : redactions) {
        shown = redaction.shown(caller, shown);
      }
      return shown;
    }

    private Object formed(ApiObject<?, ?> object) {
      return form == null ? object : form.apply(object);
    }

    /** Whether this replica has delivered up to the resourceVersion, waiting a little for it. */
    private boolean reached(long resourceVersion) throws InterruptedException {
      long deadline = System.nanoTime() + FUTURE_PATIENCE.toNanos();
      while (tail.catchUp() < resourceVersion) {
        if (System.nanoTime() > deadline) {
          return false;
        }
        Thread.sleep(50);
      }
      return true;
    }
  }
}
