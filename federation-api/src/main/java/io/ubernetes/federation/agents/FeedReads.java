package io.ubernetes.federation.agents;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Reads clusters' work changes for their feeds, the reads of requests that come together in one
 * statement (see {@link BatchedCalls}): when a Duplicated workload reaches a thousand clusters, or
 * a thousand agents reconnect after a restart, their requests read in a few statements, not a
 * thousand.
 */
@Component
class FeedReads {
  /** Reads made in one statement at most: bounds its result. */
  static final int MAX_BATCH = 256;

  private final BatchedCalls<WorkStore.Since, List<WorkStore.Row>> reads;

  FeedReads(WorkStore work) {
    this.reads = new BatchedCalls<>(work::since, MAX_BATCH);
  }

  /** A cluster's rows changed after {@code revision}, in revision order. */
  List<WorkStore.Row> since(String cluster, long revision) {
    return reads.call(new WorkStore.Since(cluster, revision));
  }
}
