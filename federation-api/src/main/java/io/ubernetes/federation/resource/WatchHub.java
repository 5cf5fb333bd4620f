package io.ubernetes.federation.resource;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The open watches of this replica, fed by the {@link EventTail} with every change in order. A
 * watch registers before it reads what came before (the current objects, or the log from its
 * resourceVersion), and learns the resourceVersion from which on it is fed: together nothing is
 * lost and nothing comes twice. Offering a change never blocks: each watcher has its own bounded
 * queue.
 */
@Component
class WatchHub implements SmartLifecycle {
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private final JsonMapper json;
  private final Object lock = new Object();
  private long delivered;
  // Watches are served from the moment the web server takes requests, which is before the
  // lifecycles of the default phase start.
  private volatile boolean running = true;

  WatchHub(JsonMapper json) {
    this.json = json;
  }

  /**
   * Feeds the watcher from now on.
   *
   * @return the resourceVersion up to which it is not fed: every change above it will be offered
   */
  long register(Watcher watcher) {
    synchronized (lock) {
      watchers.add(watcher);
      watcher.watermark(delivered);
      if (!running) {
        watcher.end(Watcher.Signal.CLOSED);
      }
      return delivered;
    }
  }

  void unregister(Watcher watcher) {
    watchers.remove(watcher);
  }

  /** The resourceVersion up to which every change has been offered. */
  long delivered() {
    synchronized (lock) {
      return delivered;
    }
  }

  /** Offers these changes, in order, to every watcher; then every change up to the watermark. */
  void publish(List<StoredEvent> events, long watermark) {
    synchronized (lock) {
      for (StoredEvent event : events) {
        Change change = new Change(event, json);
        for (Watcher watcher : watchers) {
          watcher.offer(change);
        }
      }
      delivered = Math.max(delivered, watermark);
      for (Watcher watcher : watchers) {
        watcher.watermark(delivered);
      }
    }
  }

  /** The tail starts where the log stands when it starts. */
  void startAt(long watermark) {
    synchronized (lock) {
      delivered = Math.max(delivered, watermark);
    }
  }

  int size() {
    return watchers.size();
  }

  @Override
  public void start() {
    running = true;
  }

  /**
   * Ends every watch before the web server waits for requests to finish: their clients watch again,
   * through another replica.
   */
  @Override
  public void stop() {
    synchronized (lock) {
      running = false;
      watchers.forEach(watcher -> watcher.end(Watcher.Signal.CLOSED));
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
