package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * The changes to a cluster's work after a revision. With {@code since=0}, every current item (and
 * the tombstones the federation still keeps).
 *
 * @param revision ask again with {@code since} this
 */
public record WorkFeed(long revision, List<WorkItem> items, List<Tombstone> tombstones) {
  public WorkFeed {
    items = items == null ? List.of() : List.copyOf(items);
    tombstones = tombstones == null ? List.of() : List.copyOf(tombstones);
  }
}
