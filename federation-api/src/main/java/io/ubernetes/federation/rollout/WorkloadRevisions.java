package io.ubernetes.federation.rollout;

import io.ubernetes.federation.resource.SystemWrites;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.RevisionSource;
import io.ubernetes.federation.workload.WorkloadSpec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The revisions of workloads: the table {@code workload_revisions}, which no other class names. A
 * revision is made in the transaction of the write that changes what is propagated (see {@link
 * RevisionWrites}), with the workload's row locked, so revision numbers follow each other without
 * gaps or duplicates. Workloads created before revisions were kept get their first one when it is
 * first needed ({@link #ensure}).
 */
@Repository
public class WorkloadRevisions {
  private static final String COLUMNS =
      "revision, generation, content::text, changes::text, created_at, healthy_everywhere_at";

  private final JdbcClient jdbc;
  private final JsonMapper json;
  private final Clock clock;
  private final SystemWrites writes;
  private final FederatedWorkloadStrategy workloads;
  private final ObjectProvider<RevisionsInUse> inUse;
  private final ObjectProvider<RevisionSource> sources;

  WorkloadRevisions(
      JdbcClient jdbc,
      JsonMapper json,
      Clock clock,
      SystemWrites writes,
      FederatedWorkloadStrategy workloads,
      ObjectProvider<RevisionsInUse> inUse,
      ObjectProvider<RevisionSource> sources) {
    this.jdbc = jdbc;
    this.json = json;
    this.clock = clock;
    this.writes = writes;
    this.workloads = workloads;
    this.inUse = inUse;
    this.sources = sources;
  }

  /**
   * The newest revision of the workload, made now if the workload has none yet (it was created
   * before revisions were kept) or if its content is not the newest revision's. Locks the workload.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public WorkloadRevision ensure(FederatedWorkload workload) {
    UUID uid = UUID.fromString(workload.metadata().uid());
    writes.lockAll(workloads, List.of(uid));
    RevisionSource.Subject subject =
        new RevisionSource.Subject(
            uid,
            workload.metadata().namespace(),
            workload.metadata().name(),
            workload.metadata().labels());
    return record(subject, workload.metadata().generation(), workload.spec(), List.of());
  }

  /** The newest revision of a workload; empty for one that has none yet. */
  public Optional<WorkloadRevision> newest(UUID workload) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from workload_revisions where workload_uid = ?"
                + " order by revision desc limit 1")
        .param(workload)
        .query(this::revision)
        .optional();
  }

  /**
   * The number of the newest revision of each of these workloads, in one statement; a workload
   * without any is left out.
   */
  public Map<UUID, Integer> newestRevisions(Collection<UUID> workloads) {
    Map<UUID, Integer> newest = new HashMap<>();
    if (workloads.isEmpty()) {
      return newest;
    }
    jdbc.sql(
            """
            select workload_uid, max(revision) from workload_revisions
            where workload_uid = any(?) group by workload_uid
            """)
        .param(workloads.toArray(UUID[]::new))
        .query(
            rs -> {
              newest.put(rs.getObject(1, UUID.class), rs.getInt(2));
            });
    return newest;
  }

  /** One kept revision of a workload. */
  public Optional<WorkloadRevision> revision(UUID workload, int revision) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from workload_revisions where workload_uid = ? and revision = ?")
        .params(workload, revision)
        .query(this::revision)
        .optional();
  }

  /** What one kept revision holds: {@code {template, resources, overrides}}, Secrets as stored. */
  public Optional<JsonNode> content(UUID workload, int revision) {
    return revision(workload, revision).map(WorkloadRevision::content);
  }

  /** Every kept revision of a workload, newest first. */
  public List<WorkloadRevision> list(UUID workload) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from workload_revisions where workload_uid = ? order by revision desc")
        .param(workload)
        .query(this::revision)
        .list();
  }

  /** The numbers of the kept revisions of a workload, oldest first. */
  List<Integer> kept(UUID workload) {
    return jdbc.sql(
            "select revision from workload_revisions where workload_uid = ? order by revision")
        .param(workload)
        .query(Integer.class)
        .list();
  }

  /** Records when a revision was first healthy on every cluster it was rolled to; once. */
  public void markHealthyEverywhere(UUID workload, int revision, Instant at) {
    jdbc.sql(
            """
            update workload_revisions set healthy_everywhere_at = ?
            where workload_uid = ? and revision = ? and healthy_everywhere_at is null
            """)
        .params(Timestamp.from(at), workload, revision)
        .update();
  }

  /**
   * Makes the next revision of a locked workload from its spec, unless the newest revision already
   * holds that content, then trims the history.
   *
   * @param first the lines its changes begin with, e.g. which revision it rolls back to
   * @return the new revision, or the newest one when nothing changed
   */
  WorkloadRevision record(
      RevisionSource.Subject subject, long generation, WorkloadSpec spec, List<String> first) {
    UUID uid = subject.uid();
    Map<String, RevisionSource> byKey = new LinkedHashMap<>();
    Map<String, JsonNode> drawn = new LinkedHashMap<>();
    sources
        .orderedStream()
        .forEach(
            source -> {
              byKey.put(source.key(), source);
              JsonNode part = source.contentFor(subject, spec);
              if (part != null && !part.isNull() && !part.isEmpty()) {
                drawn.put(source.key(), part);
              }
            });
    JsonNode content = RevisionContent.of(spec, drawn, json);
    String hash = RevisionContent.hash(content);
    Optional<WorkloadRevision> newest = newest(uid);
    if (newest.isPresent() && hash.equals(newestHash(uid))) {
      return newest.get();
    }
    List<String> changes = new ArrayList<>(first);
    if (newest.isEmpty()) {
      changes.add(RevisionChanges.CREATED);
    } else {
      changes.addAll(RevisionChanges.between(newest.get().content(), content, byKey));
    }
    int number = newest.map(n -> n.revision() + 1).orElse(1);
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into workload_revisions (workload_uid, revision, generation, content,
                                            content_hash, changes, created_at)
            values (?, ?, ?, cast(? as jsonb), ?, cast(? as jsonb), ?)
            """)
        .params(
            uid,
            number,
            generation,
            content.toString(),
            hash,
            json.writeValueAsString(changes),
            Timestamp.from(now))
        .update();
    trim(uid, number, historyLimit(spec));
    return new WorkloadRevision(number, generation, content, changes, now, null);
  }

  private String newestHash(UUID uid) {
    return jdbc.sql(
            "select content_hash from workload_revisions where workload_uid = ?"
                + " order by revision desc limit 1")
        .param(uid)
        .query(String.class)
        .single();
  }

  /**
   * Removes the revisions older than the newest {@code limit}, but for those a rollout still needs
   * and the newest one that was healthy everywhere.
   */
  private void trim(UUID uid, int newest, int limit) {
    RevisionsInUse rollouts = inUse.getIfAvailable();
    Set<Integer> needed = rollouts == null ? Set.of() : rollouts.inUse(uid);
    jdbc.sql(
            """
            delete from workload_revisions
            where workload_uid = ? and revision <= ? and not (revision = any(?))
              and revision is distinct from
                  (select max(revision) from workload_revisions
                   where workload_uid = ? and healthy_everywhere_at is not null)
            """)
        .params(uid, newest - limit, needed.toArray(Integer[]::new), uid)
        .update();
  }

  static int historyLimit(WorkloadSpec spec) {
    return spec.revisionsKept();
  }

  private WorkloadRevision revision(ResultSet rs, int row) throws SQLException {
    Timestamp healthy = rs.getTimestamp(6);
    return new WorkloadRevision(
        rs.getInt(1),
        rs.getLong(2),
        json.readTree(rs.getString(3)),
        List.of(json.readValue(rs.getString(4), String[].class)),
        rs.getTimestamp(5).toInstant(),
        healthy == null ? null : healthy.toInstant());
  }
}
