package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * How a client's admitted object is written, the same for every verb: inserted or updated with a
 * new resourceVersion, within the size limit, with its managedFields (see {@link Ownership}),
 * audited and announced once committed, or rolled back for a dry run (see {@link DryRun}). Runs in
 * the transaction of the verb that calls it ({@link ResourceStore}, {@link ServerSideApply}).
 */
@Component
class StoredWrites {
  private final ResourceTable table;
  private final ResourceCodec codec;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final AuditHook audit;
  private final ObjectSizeLimit sizeLimit;
  private final Ownership ownership;
  private final List<WriteHook> hooks;

  StoredWrites(
      ResourceTable table,
      ResourceCodec codec,
      Clock clock,
      ApplicationEventPublisher events,
      AuditHook audit,
      ObjectSizeLimit sizeLimit,
      Ownership ownership,
      List<WriteHook> hooks) {
    this.table = table;
    this.codec = codec;
    this.clock = clock;
    this.events = events;
    this.audit = audit;
    this.sizeLimit = sizeLimit;
    this.ownership = ownership;
    this.hooks = List.copyOf(hooks);
  }

  /**
   * Creates an object.
   *
   * @param applied its managedFields when a server-side apply creates it; null to record the write
   *     as an Update of the request's field manager
   */
  <R extends ApiObject<S, T>, S, T> R insert(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      R object,
      FieldErrors errors,
      WriteOptions options,
      List<ManagedFieldsEntry> applied) {
    errors.decoded(options.fieldValidation());
    String scope = ResourceStore.scope(strategy, namespace);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, null, object, errors);
    String name = metadata.name();
    if (metadata.resourceVersion() != null) {
      errors.add("metadata.resourceVersion", "must not be set when creating an object");
    }
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);
    strategy.beforeWrite(scope, name, spec);
    S sent = spec;
    spec = admitted(strategy, name, null, spec);

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
    written(strategy, entity, null, sent, spec);
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

  <R extends ApiObject<S, T>, S, T> R write(
      String verb,
      ResourceStrategy<R, S, T> strategy,
      ResourceEntity entity,
      ObjectMeta metadata,
      S spec,
      WriteOptions options,
      List<ManagedFieldsEntry> applied) {
    S sent = spec;
    spec = admitted(strategy, entity.name(), entity.uid(), spec);
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
    boolean relabelled = !codec.sameDocument(entity.labels(), labels);
    if (!specChanged
        && !relabelled
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
    // Decoded only if a hook asks for it: most never do.
    String previous = entity.spec();
    table.update(entity, labels, annotations, specJson, managedFields, specChanged);
    if (specChanged) {
      written(strategy, entity, () -> codec.spec(strategy, previous), sent, spec);
    } else if (relabelled) {
      WriteHook.Written write = writeOf(strategy, entity, null, sent, spec);
      hooks.forEach(hook -> hook.relabelled(write));
    }
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

  private <S> S admitted(ResourceStrategy<?, S, ?> strategy, String name, UUID uid, S spec) {
    for (WriteHook hook : hooks) {
      spec = strategy.specType().cast(hook.admitted(strategy.kind(), name, uid, spec));
    }
    return spec;
  }

  private void written(
      ResourceStrategy<?, ?, ?> strategy,
      ResourceEntity entity,
      Supplier<Object> before,
      Object sent,
      Object stored) {
    WriteHook.Written write = writeOf(strategy, entity, before, sent, stored);
    hooks.forEach(hook -> hook.written(write));
  }

  private static WriteHook.Written writeOf(
      ResourceStrategy<?, ?, ?> strategy,
      ResourceEntity entity,
      Supplier<Object> before,
      Object sent,
      Object stored) {
    return new WriteHook.Written(
        strategy.kind(),
        entity.namespace(),
        entity.name(),
        entity.labels(),
        entity.uid(),
        entity.generation(),
        before,
        sent,
        stored);
  }

  void changed(
      ResourceStrategy<?, ?, ?> strategy, String namespace, String name, boolean statusOnly) {
    events.publishEvent(new ResourceChanged(strategy.kind(), namespace, name, statusOnly));
  }

  static void requireWellFormedVersion(ApiObject<?, ?> object) {
    if (object.metadata() != null) {
      Preconditions.requireWellFormed(
          object.metadata().resourceVersion(), "metadata.resourceVersion");
    }
  }

  /** An object's stored documents, by the field errors name them. */
  static Map<String, String> parts(
      String labels, String annotations, String spec, String status, String managedFields) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("metadata.labels", labels);
    parts.put("metadata.annotations", annotations);
    parts.put("metadata.managedFields", managedFields);
    parts.put("spec", spec);
    parts.put("status", status);
    return parts;
  }

  /** The tracked part of a stored object (see {@link Ownership}). */
  <R extends ApiObject<S, T>, S, T> JsonNode trackedPart(
      ResourceStrategy<R, S, T> strategy, ResourceEntity entity) {
    R live = codec.toObject(strategy, entity);
    return ownership.tracked(live.metadata().labels(), live.metadata().annotations(), live.spec());
  }
}
