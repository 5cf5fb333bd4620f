package io.ubernetes.federation.resource;

import java.util.ArrayList;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the service's own components write: the status of objects, which clients never write, and
 * the row locks their transactions take first. A status write bumps resourceVersion only when the
 * status actually changes; one that would make its object larger than the limit is logged and left
 * out, the object keeping its last status. Nothing here is audited: changes the system makes by
 * itself are not.
 */
@Service
public class SystemWrites {
  private static final Logger log = LoggerFactory.getLogger(SystemWrites.class);

  private final ResourceTable table;
  private final ResourceCodec codec;
  private final ApplicationEventPublisher events;
  private final ObjectSizeLimit sizeLimit;

  SystemWrites(
      ResourceTable table,
      ResourceCodec codec,
      ApplicationEventPublisher events,
      ObjectSizeLimit sizeLimit) {
    this.table = table;
    this.codec = codec;
    this.events = events;
    this.sizeLimit = sizeLimit;
  }

  /** An object locked for writing: its identity and generation as stored. */
  public record Locked(UUID uid, String namespace, String name, long generation) {}

  /** Changes the status of an object and returns the object as written. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R updateStatus(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, UnaryOperator<T> change) {
    String scope = ResourceStore.scope(strategy, namespace);
    ResourceEntity entity =
        table
            .lockForUpdate(strategy.kind(), scope, name)
            .orElseThrow(() -> ApiException.notFound(strategy.kind(), scope, name));
    T status = change.apply(codec.toObject(strategy, entity).status());
    String json = codec.write(status);
    if (!codec.sameDocument(entity.status(), json)) {
      long oversize =
          sizeLimit.oversize(List.of(entity.labels(), entity.annotations(), entity.spec(), json));
      if (oversize >= 0) {
        statusNotWritten(strategy, entity.namespace(), name, oversize);
        return codec.toObject(strategy, entity);
      }
      table.updateStatus(entity, json);
      events.publishEvent(new ResourceChanged(strategy.kind(), entity.namespace(), name, true));
    }
    return codec.toObject(strategy, entity);
  }

  /**
   * Locks objects of one kind for writing until the calling transaction ends, in uid order (the
   * order every transaction that writes several objects takes), in one statement. Uids of other
   * kinds or of objects deleted meanwhile are left out.
   *
   * @return the objects that exist, by uid
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Map<UUID, Locked> lockAll(ResourceStrategy<?, ?, ?> strategy, Collection<UUID> uids) {
    return table.lockAll(strategy.storedKinds(), uids);
  }

  /**
   * Locks every object of a kind in one namespace for writing until the calling transaction ends,
   * in name order, and returns them as stored: for a check that must see them all unchanged until
   * it commits (a namespace's quotas while a workload is admitted).
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public <R extends ApiObject<S, T>, S, T> List<R> lockInNamespace(
      ResourceStrategy<R, S, T> strategy, String namespace) {
    List<R> locked = new ArrayList<>();
    for (ResourceEntity entity :
        table.lockInNamespace(strategy.kind(), ResourceStore.scope(strategy, namespace))) {
      locked.add(codec.toObject(strategy, entity));
    }
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
    Map<UUID, T> statuses = new LinkedHashMap<>();
    if (changes.isEmpty()) {
      return statuses;
    }
    Changes<T> written = new Changes<>(statuses);
    table.lockStatuses(
        strategy.storedKinds(),
        changes.keySet(),
        row -> apply(strategy, row, changes::get, written));
    written.write(table, events);
    return statuses;
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
    String scope = ResourceStore.scope(strategy, namespace);
    Map<UUID, T> statuses = new LinkedHashMap<>();
    Changes<T> written = new Changes<>(statuses);
    table.lockStatus(
        strategy.kind(), scope, name, row -> apply(strategy, row, uid -> change, written));
    written.write(table, events);
    if (statuses.isEmpty()) {
      throw ApiException.notFound(strategy.kind(), scope, name);
    }
    return statuses.values().iterator().next();
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
    return table
        .lockForUpdate(strategy.kind(), ResourceStore.scope(strategy, namespace), name)
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
    return table.lockForShare(kind, namespace, name);
  }

  /** The statuses a batch arrives at, and those of them to write. */
  private record Changes<T>(
      Map<UUID, T> statuses, Map<UUID, String> writes, List<ResourceChanged> changed) {
    Changes(Map<UUID, T> statuses) {
      this(statuses, new LinkedHashMap<>(), new ArrayList<>());
    }

    void write(ResourceTable table, ApplicationEventPublisher events) {
      if (!writes.isEmpty()) {
        table.writeStatuses(writes);
        changed.forEach(events::publishEvent);
      }
    }
  }

  /** Applies one locked row's change; the status to write, if it changed, joins the batch. */
  private <R extends ApiObject<S, T>, S, T> void apply(
      ResourceStrategy<R, S, T> strategy,
      ResourceTable.StatusRow row,
      Function<UUID, ? extends UnaryOperator<T>> changes,
      Changes<T> batch) {
    T status = changes.apply(row.uid()).apply(codec.status(strategy, row.status()));
    String json = codec.write(status);
    if (row.otherBytes() + JsonSize.utf8(json) > sizeLimit.bytes()) {
      List<String> documents = new ArrayList<>(table.documents(row.uid()));
      documents.add(json);
      long oversize = sizeLimit.oversize(documents);
      if (oversize >= 0) {
        statusNotWritten(strategy, row.namespace(), row.name(), oversize);
        batch.statuses().put(row.uid(), codec.status(strategy, row.status()));
        return;
      }
    }
    batch.statuses().put(row.uid(), status);
    if (!codec.sameDocument(row.status(), json)) {
      batch.writes().put(row.uid(), json);
      batch.changed().add(new ResourceChanged(row.kind(), row.namespace(), row.name(), true));
    }
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
}
