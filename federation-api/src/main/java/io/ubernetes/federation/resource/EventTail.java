package io.ubernetes.federation.resource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This replica's reader of the event log: whenever it is told the log grew (by a notification from
 * whichever replica made the change), and every second in case a notice was missed, it reads what
 * is new, puts it in order ({@link EventSequencer}) and hands it to the {@link WatchHub}. It also
 * prunes the log after the history window.
 */
@Component
class EventTail implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EventTail.class);
  private static final int BATCH = 1000;
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PRUNE = Duration.ofMinutes(1);
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private final ResourceEvents events;
  private final WatchHub hub;
  private final WatchProperties properties;
  private final Semaphore wake = new Semaphore(0);
  private final Object reading = new Object();
  private final AtomicLong readsStarted = new AtomicLong();
  private long readsDone; // guarded by reading
  private long deliveredByLastRead; // guarded by reading
  private EventSequencer sequencer;
  private volatile boolean running;
  private Thread thread;

  EventTail(ResourceEvents events, WatchHub hub, WatchProperties properties) {
    this.events = events;
    this.hub = hub;
    this.properties = properties;
  }

  /**
   * Reads the log up to what is committed now, and returns the resourceVersion up to which every
   * change has been handed to the watches: a list answers it, so that a watch from it misses
   * nothing.
   *
   * <p>Callers arriving together share one read: a read that started after a caller arrived saw
   * everything committed before it arrived, so the caller takes that read's answer rather than
   * queueing a read of its own (a thousand informers starting at once cost a few reads, not a
   * thousand in a row). Called outside any transaction: a caller waits here holding no connection,
   * and the read takes one only for its statement.
   */
  long catchUp() {
    long arrived = readsStarted.get();
    synchronized (reading) {
      if (readsDone > arrived) {
        return deliveredByLastRead;
      }
      long read = readsStarted.incrementAndGet();
      deliveredByLastRead = readUp();
      readsDone = read;
      return deliveredByLastRead;
    }
  }

  private long readUp() {
    EventSequencer order = sequencer();
    ResourceEvents.Read read;
    do {
      read = events.after(order.delivered(), BATCH);
      List<StoredEvent> ready = order.accept(read);
      hub.publish(ready, order.delivered());
      if (ready.isEmpty()) {
        break;
      }
    } while (read.events().size() == BATCH);
    return order.delivered();
  }

  /**
   * Where the tail starts: after the newest event committed, once every transaction that could
   * still commit one below it has ended (no watch is open yet to miss those; they are in the log
   * for watches that resume from an older resourceVersion).
   */
  private EventSequencer sequencer() {
    if (sequencer == null) {
      TransactionSnapshot start = events.snapshot();
      long newest = events.newest();
      long deadline = System.nanoTime() + SETTLE.toNanos();
      while (!start.inProgress().stream().allMatch(events.snapshot()::hasEnded)
          && System.nanoTime() < deadline) {
        pause(Duration.ofMillis(20));
      }
      sequencer = new EventSequencer(newest);
      hub.startAt(newest);
    }
    return sequencer;
  }

  private void run() {
    long pruned = 0;
    while (running) {
      try {
        catchUp();
        // A window shorter than the pruning interval (tests) is pruned as often as it lasts.
        Duration every = properties.history().compareTo(PRUNE) < 0 ? properties.history() : PRUNE;
        if (System.nanoTime() - pruned > every.toNanos()) {
          pruned = System.nanoTime();
          events.prune(properties.history());
        }
      } catch (RuntimeException e) {
        // The next notification or poll tries again; watches wait meanwhile.
        log.warn("Reading the event log failed, retrying: {}", e.getMessage());
      }
      try {
        if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
          wake.drainPermits();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The log may have grown: read it now rather than at the next poll. */
  void wake() {
    wake.release();
  }

  @Override
  public void start() {
    // Finds where the tail starts now, outside any caller's transaction (in a list's repeatable
    // read, every snapshot would be the first and the wait for it to settle would never end).
    catchUp();
    running = true;
    thread = Thread.ofPlatform().name("ubernetes-event-tail").daemon().start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    wake.release();
    if (thread != null) {
      try {
        thread.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Starts before the web server takes requests and stops after it has finished them. */
  @Override
  public int getPhase() {
    return 0;
  }
}
