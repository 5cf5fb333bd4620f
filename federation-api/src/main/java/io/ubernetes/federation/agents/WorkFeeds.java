package io.ubernetes.federation.agents;

import io.ubernetes.agent.protocol.FeedbackRule;
import io.ubernetes.agent.protocol.ObjectRef;
import io.ubernetes.agent.protocol.Tombstone;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.agent.protocol.WorkItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers agents' work requests: at once when their cluster's work changed after the revision they
 * have, otherwise when it changes, or empty after the long-poll timeout.
 */
@Service
class WorkFeeds {
  private static final TypeReference<List<Map<String, Object>>> MANIFESTS =
      new TypeReference<>() {};

  private static final TypeReference<List<FeedbackRule>> FEEDBACK = new TypeReference<>() {};

  /**
   * While notifications cannot arrive (the listening connection is down), waiters look again this
   * often; while they can, a waiter looks only when its cluster's signal moved.
   */
  private static final Duration RECHECK = Duration.ofSeconds(10);

  private final WorkStore work;
  private final FeedReads reads;
  private final WorkNotifications notifications;
  private final AgentProperties properties;
  private final JsonMapper json;
  private final TransactionTemplate transactions;

  WorkFeeds(
      WorkStore work,
      FeedReads reads,
      WorkNotifications notifications,
      AgentProperties properties,
      JsonMapper json,
      TransactionTemplate transactions) {
    this.work = work;
    this.reads = reads;
    this.notifications = notifications;
    this.properties = properties;
    this.json = json;
    this.transactions = transactions;
  }

  /**
   * The cluster's changes after {@code since}. A waiting request costs nothing while its cluster's
   * work does not change: no timer and no query, only a wait on the cluster's signal, which a
   * change (or a reconnection of the listener, after which anything may have changed) moves; it
   * reads again only then, and answers empty at the timeout without reading.
   */
  WorkFeed changesSince(String cluster, long since) throws InterruptedException {
    long deadline = System.nanoTime() + properties.longPollTimeout().toNanos();
    WorkNotifications.Signal signal = notifications.signal(cluster);
    // A first read answers at once. The horizon is taken before the read, so whatever is
    // written after the read has a revision above it and reaches the agent's next poll.
    long horizon = since == 0 ? transactions.execute(status -> work.horizon()) : since;
    while (true) {
      long seen = signal.version();
      List<WorkStore.Row> rows = reads.since(cluster, since);
      if (!rows.isEmpty()) {
        return feed(rows);
      }
      if (since == 0) {
        return new WorkFeed(horizon, List.of(), List.of());
      }
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !notifications.isRunning()) {
          // Nothing new within the timeout, or the service is stopping: the agent asks again.
          return new WorkFeed(since, List.of(), List.of());
        }
        boolean listening = notifications.receiving();
        long wait = listening ? left : Math.min(left, RECHECK.toNanos());
        if (signal.await(seen, Duration.ofNanos(wait)) || !listening) {
          break;
        }
      }
    }
  }

  private WorkFeed feed(List<WorkStore.Row> rows) {
    List<WorkItem> items = new ArrayList<>();
    List<Tombstone> tombstones = new ArrayList<>();
    long revision = 0;
    for (WorkStore.Row row : rows) {
      revision = Math.max(revision, row.revision());
      if (row.deleted()) {
        tombstones.add(
            new Tombstone(
                row.workload().toString(),
                row.namespace(),
                row.name(),
                row.revision(),
                objects(row.manifests())));
      } else {
        items.add(
            new WorkItem(
                row.workload().toString(),
                row.namespace(),
                row.name(),
                row.generation(),
                row.revision(),
                json.readValue(row.manifests(), MANIFESTS),
                row.error(),
                row.workloadRevision(),
                row.replicasOwnedByMember(),
                json.readValue(row.feedback(), FEEDBACK)));
      }
    }
    return new WorkFeed(revision, items, tombstones);
  }

  /** What a workload's last manifests created in the cluster, for its removal. */
  private List<ObjectRef> objects(String manifests) {
    List<ObjectRef> objects = new ArrayList<>();
    for (JsonNode manifest : json.readTree(manifests)) {
      JsonNode metadata = manifest.path("metadata");
      objects.add(
          new ObjectRef(
              manifest.path("apiVersion").asString(null),
              manifest.path("kind").asString(null),
              metadata.path("namespace").asString(null),
              metadata.path("name").asString(null)));
    }
    return objects;
  }
}
