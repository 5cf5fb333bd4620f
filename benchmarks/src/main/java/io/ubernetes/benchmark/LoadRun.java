package io.ubernetes.benchmark;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop load run in this JVM: {@code threads} workers each issue one operation after
 * another for a fixed time, so the load is bounded by the concurrency. Records every operation's
 * latency. Used for the raw JDBC baseline, whose client costs next to nothing.
 */
final class LoadRun {

  /** One operation; {@code worker} and {@code sequence} make per-call inputs unique. */
  @FunctionalInterface
  interface Operation {
    /** Returns whether the operation succeeded. */
    boolean run(int worker, long sequence) throws Exception;
  }

  /** What a run measured. */
  record Result(
      String name, int threads, long operations, long errors, double seconds, long[] sortedNanos) {
    double perSecond() {
      return operations / seconds;
    }

    double percentileMillis(double percentile) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
      return sortedNanos[Math.clamp(index, 0, sortedNanos.length - 1)] / 1e6;
    }
  }

  private LoadRun() {}

  static Measurement run(String name, int threads, Duration duration, Operation operation)
      throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<long[]>> workers = new ArrayList<>();
    long[] errors = new long[threads];
    long deadline;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int w = 0; w < threads; w++) {
        int worker = w;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  long[] latencies = new long[1 << 16];
                  int count = 0;
                  long end = System.nanoTime() + duration.toNanos();
                  for (long sequence = 0; System.nanoTime() < end; sequence++) {
                    long began = System.nanoTime();
                    boolean ok = operation.run(worker, sequence);
                    long took = System.nanoTime() - began;
                    if (!ok) {
                      errors[worker]++;
                    }
                    if (count == latencies.length) {
                      latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = took;
                  }
                  return Arrays.copyOf(latencies, count);
                }));
      }
      deadline = System.nanoTime();
      start.countDown();
    }
    double seconds = (System.nanoTime() - deadline) / 1e9;
    long[] all = new long[0];
    for (Future<long[]> worker : workers) {
      long[] latencies = worker.get();
      int offset = all.length;
      all = Arrays.copyOf(all, offset + latencies.length);
      System.arraycopy(latencies, 0, all, offset, latencies.length);
    }
    Arrays.sort(all);
    return new Measurement(
        name,
        all.length,
        Arrays.stream(errors).sum(),
        seconds,
        percentileMillis(all, 50),
        percentileMillis(all, 99),
        percentileMillis(all, 99.9));
  }

  private static double percentileMillis(long[] sortedNanos, double percentile) {
    if (sortedNanos.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sortedNanos.length) - 1;
    return sortedNanos[Math.clamp(index, 0, sortedNanos.length - 1)] / 1e6;
  }
}
