package io.ubernetes.sandbox.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a simulated cluster's state file current: a change is written {@link #DELAY} after it came,
 * together with every change that came meanwhile, so a busy cluster writes its file at most once
 * per {@link #DELAY} and a killed process loses no more than that; {@link #flush} writes at once,
 * as a clean stop does.
 */
final class StateSaver {
  static final Duration DELAY = Duration.ofSeconds(1);

  private static final Logger log = LoggerFactory.getLogger(StateSaver.class);

  /**
   * One timer for every simulated cluster of the process: a write takes milliseconds, and a hundred
   * clusters need no hundred threads for it. Its thread is virtual, so it costs nothing while it
   * waits.
   */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("simulated-cluster-saver").factory());

  private final String cluster;
  private final Path file;
  private final Supplier<SavedCluster> state;
  private final AtomicBoolean due = new AtomicBoolean();
  private boolean failing;
  private boolean closed;

  StateSaver(String cluster, Path file, Supplier<SavedCluster> state) {
    this.cluster = cluster;
    this.file = file;
    this.state = state;
  }

  /** Something changed: the file is written soon. */
  void changed() {
    if (due.compareAndSet(false, true)) {
      TIMER.schedule(this::save, DELAY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Writes the state now, and nothing after.
   *
   * @throws IOException if it cannot be written
   */
  synchronized void flush() throws IOException {
    closed = true;
    due.set(false);
    StateFile.write(file, state.get());
  }

  /** Writes nothing from now on. */
  synchronized void cancel() {
    closed = true;
  }

  private synchronized void save() {
    if (closed) {
      return;
    }
    // Cleared first: a change while this write runs makes another one.
    due.set(false);
    try {
      StateFile.write(file, state.get());
      if (failing) {
        log.info("Simulated cluster {}: its state is saved to {} again", cluster, file);
        failing = false;
      }
    } catch (IOException | RuntimeException e) {
      // The timer's boundary: the next change tries again.
      if (!failing) {
        log.warn(
            "Simulated cluster {}: cannot save its state to {}: {}", cluster, file, e.toString());
        failing = true;
      }
    }
  }
}
