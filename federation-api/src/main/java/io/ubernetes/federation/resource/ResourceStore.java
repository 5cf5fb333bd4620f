package io.ubernetes.federation.resource;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Writes API objects of every kind with Kubernetes semantics: each write draws a new
 * resourceVersion from one global sequence, updates are conditional on the resourceVersion the
 * client read, {@code generation} moves only with the spec, clients never write {@code status}, and
 * a write is acknowledged only once committed. Updates lock the object's row, so that of many
 * writers holding the same resourceVersion exactly one wins.
 */
@Service
public class ResourceStore {
  private static final Logger log = LoggerFactory.getLogger(ResourceStore.class);

  /**
   * A create is this one statement, with its audit row in it (see {@link AuditHook#change}), and
   * the commit: two round trips to the database. A name that is taken inserts nothing (after
   * waiting for a concurrent insert of it to commit or roll back) and is answered 409: a name clash
   * is an answer, not an error for PostgreSQL to log.
   */
  private static final String INSERT =
      "insert into resources (uid, kind, namespace, name, labels, annotations, spec, status,"
          + " generation, resource_version, created_at)"
          + " values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?,"
          + " nextval('resource_version_seq'), ?)"
          + " on conflict (kind, namespace, name) do nothing"
          + " returning resource_version";

  private final ResourceRepository repository;
  private final ResourceCodec codec;
  private final Clock clock;
  private final List<DeletionGuard> deletionGuards;
  private final List<DeletionHook> deletionHooks;
  private final ApplicationEventPublisher events;
  private final JdbcTemplate jdbc;
  private final AuditHook audit;
  private final ObjectSizeLimit sizeLimit;

  ResourceStore(
      ResourceRepository repository,
      ResourceCodec codec,
      Clock clock,
      List<DeletionGuard> deletionGuards,
      List<DeletionHook> deletionHooks,
      ApplicationEventPublisher events,
      JdbcTemplate jdbc,
      AuditHook audit,
      ObjectSizeLimit sizeLimit) {
    this.repository = repository;
    this.sizeLimit = sizeLimit;
    this.audit = audit;
    this.jdbc = jdbc;
    this.codec = codec;
    this.clock = clock;
    this.deletionGuards = List.copyOf(deletionGuards);
    this.deletionHooks = List.copyOf(deletionHooks);
    this.events = events;
  }

  private void changed(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name, boolean statusOnly) {
    events.publishEvent(new ResourceChanged(strategy.kind(), namespace, name, statusOnly));
  }

  @Transactional
  public <R extends ApiObject<S, T>, S, T> R create(
      ResourceStrategy<R, S, T> strategy, String namespace, R object) {
    return create(strategy, namespace, object, new FieldErrors());
  }

  /**
   * Creates the object a client sent.
   *
   * @param errors what reading the client's document found wrong already (see {@link BodyErrors}):
   *     reported with the rules the object breaks, in one answer
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R create(
      ResourceStrategy<R, S, T> strategy, String namespace, R object, FieldErrors errors) {
    String scope = scope(strategy, namespace);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, null, object, errors);
    String name = metadata.name();
    if (metadata.resourceVersion() != null) {
      errors.add("metadata.resourceVersion", "must not be set when creating an object");
    }
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);
    strategy.beforeWrite(scope, name, spec);

    Instant now = clock.instant();
    ResourceEntity entity =
        new ResourceEntity(UUID.randomUUID(), strategy.kind(), scope, name, now);
    Map<String, String> labels = ObjectAdmission.labels(strategy, metadata, spec);
    T status = strategy.initialStatus(spec, now);
    entity.labels(codec.write(labels));
    entity.annotations(codec.write(metadata.annotations()));
    entity.spec(codec.write(spec));
    entity.status(codec.write(status));
    sizeLimit.check(parts(entity.labels(), entity.annotations(), entity.spec(), entity.status()));
    Long resourceVersion =
        audit.change(
            "create",
            strategy.kind(),
            scope,
            name,
            null,
            INSERT,
            Arrays.asList(
                entity.uid(),
                entity.kind(),
                entity.namespace(),
                entity.name(),
                entity.labels(),
                entity.annotations(),
                entity.spec(),
                entity.status(),
                entity.generation(),
                Timestamp.from(entity.createdAt())));
    if (resourceVersion == null) {
      throw ApiException.alreadyExists(strategy.kind(), scope, name);
    }
    entity.resourceVersion(resourceVersion);
    changed(strategy, scope, name, false);
    return codec.toObject(strategy, entity, labels, metadata.annotations(), spec, status);
  }

  /** Replaces labels, annotations and spec; requires the resourceVersion the client read. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R replace(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, R object) {
    return replace(strategy, namespace, name, object, new FieldErrors());
  }

  /**
   * Replaces the object with the one a client sent.
   *
   * @param errors what reading the client's document found wrong already (see {@link BodyErrors})
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R replace(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      R object,
      FieldErrors errors) {
    String scope = scope(strategy, namespace);
    requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    ResourceEntity entity = lockExisting(strategy, scope, name);
    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, true);
    strategy.beforeWrite(scope, name, spec);
    return write("update", strategy, entity, metadata, spec);
  }

  /**
   * Applies {@code patch} to the stored object and writes the result, atomically. A patch that sets
   * {@code metadata.resourceVersion} makes the write conditional on it.
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R patch(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, Patch patch) {
    String scope = scope(strategy, namespace);
    ResourceEntity entity = lockExisting(strategy, scope, name);
    JsonNode patched = patch.apply(codec.tree(codec.toObject(strategy, entity)), sizeLimit.bytes());
    if (!patched.isObject()) {
      throw ApiException.unappliablePatch("body", "the patched document is not an object");
    }
    FieldErrors errors = new FieldErrors();
    R object = codec.readClient(patched, strategy.type(), errors);
    requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, false);
    strategy.beforeWrite(scope, name, spec);
    return write("patch", strategy, entity, metadata, spec);
  }

  /** Deletes the object and returns it as it was, with the resourceVersion of its deletion. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R delete(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      Preconditions preconditions) {
    String scope = scope(strategy, namespace);
    ResourceEntity entity = lockExisting(strategy, scope, name);
    preconditions.verify(strategy, entity, false);
    List<String> referrers = new ArrayList<>();
    for (DeletionGuard guard : deletionGuards) {
      referrers.addAll(guard.referrers(strategy.kind(), scope, name));
    }
    if (!referrers.isEmpty()) {
      throw ApiException.conflict(
          strategy.kind()
              + " \""
              + name
              + "\" is still in use by "
              + String.join(", ", referrers)
              + "; change or delete them first");
    }
    for (DeletionHook hook : deletionHooks) {
      hook.deleting(strategy.kind(), scope, name, entity.uid());
    }
    R deleted = codec.toObject(strategy, entity);
    String before = deleted.metadata().resourceVersion();
    deleted =
        strategy.assemble(
            deleted.metadata().withResourceVersion(Long.toString(repository.nextResourceVersion())),
            deleted.spec(),
            deleted.status());
    repository.delete(entity);
    repository.flush();
    changed(strategy, scope, name, false);
    audit.recordChange(
        "delete", strategy.kind(), scope, name, before, deleted.metadata().resourceVersion());
    return deleted;
  }

  /**
   * Changes the status of an object, as only the system does; bumps resourceVersion when the status
   * actually changes.
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R updateStatus(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, UnaryOperator<T> change) {
    ResourceEntity entity = lockExisting(strategy, scope(strategy, namespace), name);
    T status = change.apply(codec.toObject(strategy, entity).status());
    String json = codec.write(status);
    if (!codec.sameDocument(entity.status(), json)) {
      long oversize =
          sizeLimit.oversize(List.of(entity.labels(), entity.annotations(), entity.spec(), json));
      if (oversize >= 0) {
        statusNotWritten(strategy, entity.namespace(), name, oversize);
        return codec.toObject(strategy, entity);
      }
      entity.status(json);
      repository.flush();
      changed(strategy, entity.namespace(), name, true);
    }
    return codec.toObject(strategy, entity);
  }

  /** An object locked for writing: its identity and generation as stored. */
  public record Locked(UUID uid, String namespace, String name, long generation) {}

  /**
   * Locks objects of one kind for writing until the calling transaction ends, in uid order (the
   * order every transaction that writes several objects takes), in one statement. Uids of other
   * kinds or of objects deleted meanwhile are left out.
   *
   * @return the objects that exist, by uid
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Map<UUID, Locked> lockAll(ResourceStrategy<?, ?, ?> strategy, Collection<UUID> uids) {
    Map<UUID, Locked> locked = new LinkedHashMap<>();
    if (uids.isEmpty()) {
      return locked;
    }
    jdbc.query(
        "select uid, namespace, name, generation from resources"
            + " where kind = ? and uid = any(?) order by uid for update",
        rs -> {
          UUID uid = rs.getObject(1, UUID.class);
          locked.put(uid, new Locked(uid, rs.getString(2), rs.getString(3), rs.getLong(4)));
        },
        strategy.kind(),
        uids.toArray(UUID[]::new));
    return locked;
  }

  /**
   * Changes the status of several objects of one kind, as {@link #updateStatus} does for one, with
   * a fixed number of statements however many there are: their rows are locked in uid order, each
   * change is applied to the stored status, and the statuses that changed are written in one batch,
   * each with a new resourceVersion. Objects deleted meanwhile are left out.
   *
   * @return the status of every object that exists, as written, by uid
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> Map<UUID, T> updateStatuses(
      ResourceStrategy<R, S, T> strategy, Map<UUID, ? extends UnaryOperator<T>> changes) {
    if (changes.isEmpty()) {
      return new LinkedHashMap<>();
    }
    return changeStatuses(
        strategy,
        "uid = any(?) order by uid",
        changes::get,
        strategy.kind(),
        changes.keySet().toArray(UUID[]::new));
  }

  /**
   * Changes the status of one object as {@link #updateStatus} does, in plain statements and without
   * reading the rest of the object: for the frequent writes of the system's own components
   * (heartbeats, health checks) that do not need the object back.
   *
   * @return the status as written
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> T changeStatus(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, UnaryOperator<T> change) {
    String scope = scope(strategy, namespace);
    Map<UUID, T> changed =
        changeStatuses(
            strategy, "namespace = ? and name = ?", uid -> change, strategy.kind(), scope, name);
    if (changed.isEmpty()) {
      throw ApiException.notFound(strategy.kind(), scope, name);
    }
    return changed.values().iterator().next();
  }

  /**
   * Locks the rows of {@code kind = ? and <where>}, applies each one's change to its stored status
   * and writes the statuses that changed in one batch, each with a new resourceVersion.
   */
  private <R extends ApiObject<S, T>, S, T> Map<UUID, T> changeStatuses(
      ResourceStrategy<R, S, T> strategy,
      String where,
      Function<UUID, ? extends UnaryOperator<T>> changes,
      Object... arguments) {
    Map<UUID, T> statuses = new LinkedHashMap<>();
    List<Object[]> writes = new ArrayList<>();
    List<ResourceChanged> changed = new ArrayList<>();
    jdbc.query(
        "select uid, namespace, name, status::text, octet_length(labels::text)"
            + " + octet_length(annotations::text) + octet_length(spec::text)"
            + " from resources where kind = ? and "
            + where
            + " for update",
        rs -> {
          UUID uid = rs.getObject(1, UUID.class);
          String stored = rs.getString(4);
          T status = changes.apply(uid).apply(codec.status(strategy, stored));
          String json = codec.write(status);
          if (rs.getLong(5) + JsonSize.utf8(json) > sizeLimit.bytes()) {
            long oversize = oversizeWithStatus(uid, json);
            if (oversize >= 0) {
              statusNotWritten(strategy, rs.getString(2), rs.getString(3), oversize);
              statuses.put(uid, codec.status(strategy, stored));
              return;
            }
          }
          statuses.put(uid, status);
          if (!codec.sameDocument(stored, json)) {
            writes.add(new Object[] {json, uid});
            changed.add(
                new ResourceChanged(strategy.kind(), rs.getString(2), rs.getString(3), true));
          }
        },
        arguments);
    if (!writes.isEmpty()) {
      jdbc.batchUpdate(
          "update resources set status = cast(? as jsonb),"
              + " resource_version = nextval('resource_version_seq') where uid = ?",
          writes);
      changed.forEach(events::publishEvent);
    }
    return statuses;
  }

  /** The size of an object with this status, or -1 when it is within the limit. */
  private long oversizeWithStatus(UUID uid, String status) {
    List<String> documents = new ArrayList<>();
    jdbc.query(
        "select labels::text, annotations::text, spec::text from resources where uid = ?",
        rs -> {
          documents.addAll(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        },
        uid);
    documents.add(status);
    return sizeLimit.oversize(documents);
  }

  /**
   * A status the system would write is left out rather than stored over the limit: the object keeps
   * its last status, and the components that compute it try again with their next change.
   */
  private void statusNotWritten(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name, long size) {
    log.warn(
        "The status of {} \"{}\" not written: {}",
        strategy.kind(),
        namespace.isEmpty() ? name : namespace + "/" + name,
        ObjectSizeLimit.exceeded(size, sizeLimit.bytes()));
  }

  private static void requireWellFormedVersion(ApiObject<?, ?> object) {
    if (object.metadata() != null) {
      Preconditions.requireWellFormed(
          object.metadata().resourceVersion(), "metadata.resourceVersion");
    }
  }

  /** An object's stored documents, by the field errors name them. */
  private static Map<String, String> parts(
      String labels, String annotations, String spec, String status) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("metadata.labels", labels);
    parts.put("metadata.annotations", annotations);
    parts.put("spec", spec);
    parts.put("status", status);
    return parts;
  }

  /**
   * Locks an object for writing until the calling transaction ends, if it still is the object the
   * caller read (same uid). A transaction that writes rows referring to objects it read earlier (or
   * several objects) locks each one this way first, in uid order, and leaves alone those that were
   * deleted meanwhile.
   *
   * @return whether the object still exists with this uid
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean lockIfPresent(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name, UUID uid) {
    return repository
        .lockForUpdate(strategy.kind(), scope(strategy, namespace), name)
        .filter(entity -> entity.uid().equals(uid))
        .isPresent();
  }

  /**
   * Holds a share lock on an object until the calling transaction ends, so it cannot be deleted
   * meanwhile.
   *
   * @return whether the object exists
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean lockShared(String kind, String namespace, String name) {
    return repository.lockForShare(kind, namespace, name).isPresent();
  }

  private <R extends ApiObject<S, T>, S, T> R write(
      String verb,
      ResourceStrategy<R, S, T> strategy,
      ResourceEntity entity,
      ObjectMeta metadata,
      S spec) {
    String before = Long.toString(entity.resourceVersion());
    Map<String, String> labelMap = ObjectAdmission.labels(strategy, metadata, spec);
    String labels = codec.write(labelMap);
    String annotations = codec.write(metadata.annotations());
    String specJson = codec.write(spec);
    boolean specChanged = !codec.sameDocument(entity.spec(), specJson);
    if (!specChanged
        && codec.sameDocument(entity.labels(), labels)
        && codec.sameDocument(entity.annotations(), annotations)) {
      // Nothing changed, so no new resourceVersion; the attempt is still on record.
      audit.recordChange(verb, strategy.kind(), entity.namespace(), entity.name(), before, before);
      return codec.toObject(strategy, entity);
    }
    sizeLimit.check(parts(labels, annotations, specJson, entity.status()));
    entity.labels(labels);
    entity.annotations(annotations);
    entity.spec(specJson);
    if (specChanged) {
      entity.generation(entity.generation() + 1);
    }
    repository.flush();
    changed(strategy, entity.namespace(), entity.name(), false);
    R written =
        codec.toObject(
            strategy,
            entity,
            labelMap,
            metadata.annotations(),
            spec,
            codec.status(strategy, entity));
    audit.recordChange(
        verb,
        strategy.kind(),
        entity.namespace(),
        entity.name(),
        before,
        written.metadata().resourceVersion());
    return written;
  }

  private ResourceEntity lockExisting(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name) {
    return repository
        .lockForUpdate(strategy.kind(), namespace, name)
        .orElseThrow(() -> ApiException.notFound(strategy.kind(), namespace, name));
  }

  static String scope(ResourceStrategy<?, ?, ?> strategy, String namespace) {
    return strategy.namespaced() ? namespace : "";
  }
}
