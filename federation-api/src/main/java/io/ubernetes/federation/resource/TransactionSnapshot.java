package io.ubernetes.federation.resource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A PostgreSQL snapshot as {@code pg_current_snapshot()} gives it ({@code xmin:xmax:xip,...}):
 * which transactions were still in progress when it was taken.
 *
 * @param xmin every transaction below it had ended
 * @param xmax every transaction from it on had not started (had no id yet)
 * @param inProgress the transactions between the two still in progress
 */
record TransactionSnapshot(long xmin, long xmax, Set<Long> inProgress) {
  TransactionSnapshot {
    inProgress = Set.copyOf(inProgress);
  }

  static TransactionSnapshot parse(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a snapshot: " + text);
    }
    Set<Long> inProgress =
        parts[2].isEmpty()
            ? Set.of()
            : Arrays.stream(parts[2].split(",")).map(Long::valueOf).collect(Collectors.toSet());
    return new TransactionSnapshot(Long.parseLong(parts[0]), Long.parseLong(parts[1]), inProgress);
  }

  /**
   * Whether a transaction that an earlier snapshot saw in progress has ended by this one: committed
   * or rolled back, its changes are in this snapshot or never will be.
   */
  boolean hasEnded(long transaction) {
    return transaction < xmin || (transaction < xmax && !inProgress.contains(transaction));
  }
}
