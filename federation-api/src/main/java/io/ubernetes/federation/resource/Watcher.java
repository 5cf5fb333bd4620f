package io.ubernetes.federation.resource;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One open watch as the replica's {@link WatchHub} feeds it: the changes it wants, in a bounded
 * queue that the watch's own thread drains to its client. A watcher that falls behind by more than
 * the queue holds is ended (its client relists) instead of holding anyone else up.
 */
final class Watcher {
  /** What the queue hands out besides changes. */
  enum Signal {
    /** The watcher fell too far behind; its changes were dropped. */
    OVERFLOWED,
    /** The replica is shutting down. */
    CLOSED
  }

  private final WatchFilter filter;
  private final BlockingQueue<Object> queue;
  private volatile boolean ended;
  private volatile long watermark;

  Watcher(WatchFilter filter, int capacity) {
    this.filter = filter;
    this.queue = new ArrayBlockingQueue<>(capacity + 1);
  }

  WatchFilter filter() {
    return filter;
  }

  /** Called by the hub, in resourceVersion order. */
  void offer(Change change) {
    if (!ended && filter.typeFor(change) != null && !queue.offer(change)) {
      end(Signal.OVERFLOWED);
    }
  }

  /** Every change up to this resourceVersion has been offered; set by the hub after offering. */
  void watermark(long resourceVersion) {
    watermark = resourceVersion;
  }

  long watermark() {
    return watermark;
  }

  void end(Signal signal) {
    ended = true;
    queue.clear();
    queue.offer(signal);
  }

  /** The next change or signal, or null after waiting this long. */
  Object next(Duration wait) throws InterruptedException {
    return queue.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
  }

  boolean idle() {
    return queue.isEmpty();
  }
}
