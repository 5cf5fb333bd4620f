package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

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
  private final List<DeletionGuard> deletionGuards;
  private final List<DeletionHook> deletionHooks;
  private final AuditHook audit;
  private final ObjectSizeLimit sizeLimit;
  private final StoredWrites writes;
  private final ServerSideApply serverSideApply;

  ResourceStore(
      ResourceTable table,
      ResourceCodec codec,
      List<DeletionGuard> deletionGuards,
      List<DeletionHook> deletionHooks,
      AuditHook audit,
      ObjectSizeLimit sizeLimit,
      StoredWrites writes,
      ServerSideApply serverSideApply) {
    this.table = table;
    this.codec = codec;
    this.deletionGuards = List.copyOf(deletionGuards);
    this.deletionHooks = List.copyOf(deletionHooks);
    this.audit = audit;
    this.sizeLimit = sizeLimit;
    this.writes = writes;
    this.serverSideApply = serverSideApply;
  }

  /** Creates an object the system made, as a client's create with the default options. */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> R create(
      ResourceStrategy<R, S, T> strategy, String namespace, R object) {
    return create(strategy, namespace, object, new FieldErrors(), WriteOptions.DEFAULT);
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
    return writes.insert(strategy, namespace, object, errors, options, null);
  }

  /**
   * Replaces labels, annotations and spec with those a client sent, with the options of its
   * request; requires the resourceVersion the client read.
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
    StoredWrites.requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    ResourceEntity entity = lockExisting(strategy, scope, name);
    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, true);
    strategy.beforeWrite(scope, name, spec);
    return writes.write("update", strategy, entity, metadata, spec, options, null);
  }

  /**
   * Applies {@code patch} to the stored object and writes the result, atomically, with the
   * request's options. A patch that sets {@code metadata.resourceVersion} makes the write
   * conditional on it.
   */
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
    StoredWrites.requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    new Preconditions(metadata.uid(), metadata.resourceVersion()).verify(strategy, entity, false);
    strategy.beforeWrite(scope, name, spec);
    return writes.write("patch", strategy, entity, metadata, spec, options, null);
  }

  /**
   * Server-side apply ({@code application/apply-patch+yaml}) of a client's configuration: see
   * {@link ServerSideApply}.
   */
  @Transactional
  public <R extends ApiObject<S, T>, S, T> ServerSideApply.Applied<R> apply(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      JsonNode config,
      WriteOptions options) {
    return serverSideApply.apply(strategy, namespace, name, config, options);
  }

  /**
   * Deletes the object and returns it as it was, with the resourceVersion of its deletion, with the
   * options of the request; a dry run checks the preconditions and the deletion guards and answers
   * the object as it is.
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
    long deletion = table.delete(entity);
    deleted =
        strategy.assemble(
            deleted.metadata().withResourceVersion(Long.toString(deletion)),
            deleted.spec(),
            deleted.status());
    writes.changed(strategy, scope, name, false);
    audit.recordChange(
        "delete", strategy.kind(), scope, name, before, deleted.metadata().resourceVersion());
    return deleted;
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
