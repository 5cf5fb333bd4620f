package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Puts the events read from the log in the order watchers get them, exactly and without timeouts. A
 * resourceVersion is drawn mid-transaction, so commits land out of order: rv 10 can be readable
 * while rv 9's transaction is still running. Events above the first missing resourceVersion (a gap)
 * are held until every transaction the gap's read saw in progress has ended; the gap's drawer is
 * one of them or had ended already (it draws with its transaction id in hand, V13), so a gap still
 * missing then was rolled back or drawn without an event, and is passed over.
 */
final class EventSequencer {
  private long delivered;
  private long gap = -1;
  private Set<Long> gapDrawers = Set.of();

  /**
   * @param delivered the resourceVersion up to which every event that will ever exist has been
   *     delivered
   */
  EventSequencer(long delivered) {
    this.delivered = delivered;
  }

  /** Every event up to this resourceVersion is delivered, and no other will come below it. */
  long delivered() {
    return delivered;
  }

  /**
   * The events of a read (after {@link #delivered}, in order, with the snapshot of the same
   * statement) that can be delivered now, in order; the rest wait for a later read.
   */
  List<StoredEvent> accept(ResourceEvents.Read read) {
    List<StoredEvent> ready = new ArrayList<>();
    for (StoredEvent event : read.events()) {
      if (event.resourceVersion() <= delivered) {
        continue;
      }
      if (event.resourceVersion() != delivered + 1) {
        if (gap != delivered + 1) {
          gap = delivered + 1;
          gapDrawers = read.snapshot().inProgress();
        }
        if (!gapDrawers.stream().allMatch(read.snapshot()::hasEnded)) {
          break;
        }
      }
      ready.add(event);
      delivered = event.resourceVersion();
    }
    return ready;
  }
}
