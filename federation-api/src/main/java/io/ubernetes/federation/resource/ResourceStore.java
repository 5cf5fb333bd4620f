package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.FieldManager;
import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the API objects clients send, of every kind, with Kubernetes semantics: each write draws a
 * new resourceVersion from one global sequence, updates are conditional on the resourceVersion the
 * client read, {@code generation} moves only with the spec, clients never write {@code status} (the
 * system does, through {@link SystemWrites}), each change is audited, and a write is acknowledged
 * only once committed. Updates lock the object's row, so that of many writers holding the same
 * resourceVersion exactly one wins.
 */
@Service
public class ResourceStore {
  private static final Logger log = LoggerFactory.getLogger(ResourceStore.class);

  private final ResourceTable table;
  private final ResourceCodec codec;
  private final Clock clock;
  private final List<DeletionGuard> deletionGuards;
  private final List<DeletionHook> deletionHooks;
  private final ApplicationEventPublisher events;
  private final AuditHook audit;
  private final ObjectSizeLimit sizeLimit;
  private final Ownership ownership;

  ResourceStore(
      ResourceTable table,
      ResourceCodec codec,
      Clock clock,
      List<DeletionGuard> deletionGuards,
      List<DeletionHook> deletionHooks,
      ApplicationEventPublisher events,
      AuditHook audit,
      ObjectSizeLimit sizeLimit,
      Ownership ownership) {
    this.table = table;
    this.ownership = ownership;
    this.sizeLimit = sizeLimit;
    this.audit = audit;
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
    return create(strategy, namespace, object, errors, WriteOptions.DEFAULT);
  }

  /**
   * Creates the object a client sent, with the options of its request.
   *
   * @param errors what reading the client's document found wrong already (see {@link BodyErrors})
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R create(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      R object,
      FieldErrors errors,
      WriteOptions options) {
    return insert(strategy, namespace, object, errors, options, null);
  }

  /**
   * Creates an object.
   *
   * @param applied its managedFields when a server-side apply creates it; null to record the write
   *     as an Update of the request's field manager
   */
  private <R extends ApiObject<S, T>, S, T> R insert(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      R object,
      FieldErrors errors,
      WriteOptions options,
      List<ManagedFieldsEntry> applied) {
    errors.decoded(options.fieldValidation());
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
    entity.managedFields(
        ownership.write(
            applied != null
                ? applied
                : ownership.updated(
                    strategy,
                    null,
                    ownership.tracked(labels, metadata.annotations(), spec),
                    List.of(),
                    metadata.managedFields(),
                    options.fieldManager())));
    sizeLimit.check(
        parts(
            entity.labels(),
            entity.annotations(),
            entity.spec(),
            entity.status(),
            entity.managedFields()));
    Long resourceVersion = table.insert(entity);
    if (resourceVersion == null) {
      throw ApiException.alreadyExists(strategy.kind(), scope, name);
    }
    R created = codec.toObject(strategy, entity, labels, metadata.annotations(), spec, status);
    if (options.dryRun()) {
      // A dry-run object was never stored, so it has no resourceVersion: clients (Flux) tell a
      // dry-run create from a dry-run update by that.
      return DryRun.rolledBack(strategy, created, null);
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
    return replace(strategy, namespace, name, object, errors, WriteOptions.DEFAULT);
  }

  /**
   * Replaces the object with the one a client sent, with the options of its request.
   *
   * @param errors what reading the client's document found wrong already (see {@link BodyErrors})
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R replace(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      R object,
      FieldErrors errors,
      WriteOptions options) {
    errors.decoded(options.fieldValidation());
    String scope = scope(strategy, namespace);
    requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    ResourceEntity entity = lockExisting(strategy, scope, name);
    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, true);
    strategy.beforeWrite(scope, name, spec);
    return write("update", strategy, entity, metadata, spec, options, null);
  }

  /**
   * Applies {@code patch} to the stored object and writes the result, atomically. A patch that sets
   * {@code metadata.resourceVersion} makes the write conditional on it.
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R patch(
      ResourceStrategy<R, S, T> strategy, String namespace, String name, Patch patch) {
    return patch(strategy, namespace, name, patch, WriteOptions.DEFAULT);
  }

  /** As {@link #patch(ResourceStrategy, String, String, Patch)}, with the request's options. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R patch(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      Patch patch,
      WriteOptions options) {
    if (options.force() != null) {
      throw ApiException.invalid(
          "PatchOptions",
          null,
          List.of(new FieldError("force", "Forbidden: may not be specified for non-apply patch")));
    }
    String scope = scope(strategy, namespace);
    ResourceEntity entity = lockExisting(strategy, scope, name);
    JsonNode patched = patch.apply(codec.tree(codec.toObject(strategy, entity)), sizeLimit.bytes());
    if (!patched.isObject()) {
      throw ApiException.unappliablePatch("body", "the patched document is not an object");
    }
    FieldErrors errors = new FieldErrors();
    R object = codec.readClient(patched, strategy.type(), errors);
    errors.decoded(options.fieldValidation());
    requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, false);
    strategy.beforeWrite(scope, name, spec);
    return write("patch", strategy, entity, metadata, spec, options, null);
  }

  /** An applied object, and whether the apply created it. */
  public record Applied<R>(R object, boolean created) {}

  /**
   * Server-side apply ({@code application/apply-patch+yaml}): merges the configuration a client
   * sent into the object, creating it when absent, and records which fields the request's field
   * manager owns (see {@link Ownership}); a {@code metadata.resourceVersion} in it makes the apply
   * conditional on it.
   *
   * @param config the configuration as sent: a whole object, with only the fields its manager cares
   *     about
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> Applied<R> apply(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      JsonNode config,
      WriteOptions options) {
    String scope = scope(strategy, namespace);
    ObjectNode body = AppliedConfigs.check(config, name, options);
    ResourceEntity entity = table.lockForUpdate(strategy.kind(), scope, name).orElse(null);
    if (entity == null) {
      FieldErrors errors = new FieldErrors();
      R object = codec.readClient(body, strategy.type(), errors);
      List<ManagedFieldsEntry> managed =
          ownership
              .apply(strategy, null, Ownership.tracked(body), List.of(), options)
              .managedFields();
      return new Applied<>(insert(strategy, namespace, object, errors, options, managed), true);
    }
    R live = codec.toObject(strategy, entity);
    FieldManager.Applied applied =
        ownership.apply(
            strategy,
            trackedPart(strategy, entity),
            Ownership.tracked(body),
            live.metadata().managedFields(),
            options);
    FieldErrors errors = new FieldErrors();
    R object =
        codec.readClient(
            AppliedConfigs.merged(codec.tree(live), applied.object(), body),
            strategy.type(),
            errors);
    errors.decoded(options.fieldValidation());
    requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    new Preconditions(null, metadata.resourceVersion()).verify(strategy, entity, false);
    strategy.beforeWrite(scope, name, spec);
    return new Applied<>(
        write("apply", strategy, entity, metadata, spec, options, applied.managedFields()), false);
  }

  /** Deletes the object and returns it as it was, with the resourceVersion of its deletion. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R delete(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      Preconditions preconditions) {
    return delete(strategy, namespace, name, preconditions, WriteOptions.DEFAULT);
  }

  /**
   * Deletes the object, with the options of the request; a dry run checks the preconditions and the
   * deletion guards and answers the object as it is.
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R delete(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      Preconditions preconditions,
      WriteOptions options) {
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
    R deleted = codec.toObject(strategy, entity);
    if (options.dryRun()) {
      return DryRun.rolledBack(strategy, deleted, deleted.metadata().resourceVersion());
    }
    for (DeletionHook hook : deletionHooks) {
      hook.deleting(strategy.kind(), scope, name, entity.uid());
    }
    String before = deleted.metadata().resourceVersion();
    deleted =
        strategy.assemble(
            deleted.metadata().withResourceVersion(Long.toString(table.nextResourceVersion())),
            deleted.spec(),
            deleted.status());
    table.delete(entity);
    changed(strategy, scope, name, false);
    audit.recordChange(
        "delete", strategy.kind(), scope, name, before, deleted.metadata().resourceVersion());
    return deleted;
  }

  private static void requireWellFormedVersion(ApiObject<?, ?> object) {
    if (object.metadata() != null) {
      Preconditions.requireWellFormed(
          object.metadata().resourceVersion(), "metadata.resourceVersion");
    }
  }

  /** An object's stored documents, by the field errors name them. */
  private static Map<String, String> parts(
      String labels, String annotations, String spec, String status, String managedFields) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("metadata.labels", labels);
    parts.put("metadata.annotations", annotations);
    parts.put("metadata.managedFields", managedFields);
    parts.put("spec", spec);
    parts.put("status", status);
    return parts;
  }

  private <R extends ApiObject<S, T>, S, T> R write(
      String verb,
      ResourceStrategy<R, S, T> strategy,
      ResourceEntity entity,
      ObjectMeta metadata,
      S spec,
      WriteOptions options,
      List<ManagedFieldsEntry> applied) {
    String before = Long.toString(entity.resourceVersion());
    Map<String, String> labelMap = ObjectAdmission.labels(strategy, metadata, spec);
    String labels = codec.write(labelMap);
    String annotations = codec.write(metadata.annotations());
    String specJson = codec.write(spec);
    String managedFields =
        ownership.write(
            applied != null
                ? applied
                : ownership.updated(
                    strategy,
                    trackedPart(strategy, entity),
                    ownership.tracked(labelMap, metadata.annotations(), spec),
                    ownership.read(entity),
                    metadata.managedFields(),
                    options.fieldManager()));
    boolean specChanged = !codec.sameDocument(entity.spec(), specJson);
    if (!specChanged
        && codec.sameDocument(entity.labels(), labels)
        && codec.sameDocument(entity.annotations(), annotations)
        && codec.sameDocument(entity.managedFields(), managedFields)) {
      if (options.dryRun()) {
        return DryRun.rolledBack(strategy, codec.toObject(strategy, entity), before);
      }
      // Nothing changed, so no new resourceVersion; the attempt is still on record.
      audit.recordChange(verb, strategy.kind(), entity.namespace(), entity.name(), before, before);
      return codec.toObject(strategy, entity);
    }
    sizeLimit.check(parts(labels, annotations, specJson, entity.status(), managedFields));
    table.update(entity, labels, annotations, specJson, managedFields, specChanged);
    R written =
        codec.toObject(
            strategy,
            entity,
            labelMap,
            metadata.annotations(),
            spec,
            codec.status(strategy, entity));
    if (options.dryRun()) {
      // What would be stored, at the resourceVersion it has: the write is undone.
      return DryRun.rolledBack(strategy, written, before);
    }
    changed(strategy, entity.namespace(), entity.name(), false);
    audit.recordChange(
        verb,
        strategy.kind(),
        entity.namespace(),
        entity.name(),
        before,
        written.metadata().resourceVersion());
    return written;
  }

  /** The tracked part of a stored object (see {@link Ownership}). */
  private <R extends ApiObject<S, T>, S, T> JsonNode trackedPart(
      ResourceStrategy<R, S, T> strategy, ResourceEntity entity) {
    R live = codec.toObject(strategy, entity);
    return ownership.tracked(live.metadata().labels(), live.metadata().annotations(), live.spec());
  }

  private ResourceEntity lockExisting(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name) {
    return table
        .lockForUpdate(strategy.kind(), namespace, name)
        .orElseThrow(() -> ApiException.notFound(strategy.kind(), namespace, name));
  }

  static String scope(ResourceStrategy<?, ?, ?> strategy, String namespace) {
    return strategy.namespaced() ? namespace : "";
  }
}
