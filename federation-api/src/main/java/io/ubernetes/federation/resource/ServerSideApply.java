package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.fields.FieldManager;
import io.ubernetes.federation.resource.fields.ManagedFieldsEntry;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply of a client's configuration to an object of any kind, in the transaction of
 * {@link ResourceStore#apply}: the fields it sets merged into the object (or the object created),
 * their ownership recorded and checked (see {@link Ownership}), then written as every client write
 * is ({@link StoredWrites}).
 */
@Component
public class ServerSideApply {
  private final ResourceTable table;
  private final ResourceCodec codec;
  private final Ownership ownership;
  private final StoredWrites writes;

  ServerSideApply(
      ResourceTable table, ResourceCodec codec, Ownership ownership, StoredWrites writes) {
    this.table = table;
    this.codec = codec;
    this.ownership = ownership;
    this.writes = writes;
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
  public <R extends ApiObject<S, T>, S, T> Applied<R> apply(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String name,
      JsonNode config,
      WriteOptions options) {
    String scope = ResourceStore.scope(strategy, namespace);
    ObjectNode body = AppliedConfigs.check(config, name, options);
    ResourceEntity entity = table.lockForUpdate(strategy.kind(), scope, name).orElse(null);
    if (entity == null) {
      FieldErrors errors = new FieldErrors();
      R object = codec.readClient(body, strategy.type(), errors);
      List<ManagedFieldsEntry> managed =
          ownership
              .apply(strategy, null, Ownership.tracked(body), List.of(), options)
              .managedFields();
      return new Applied<>(
          writes.insert(strategy, namespace, object, errors, options, managed), true);
    }
    R live = codec.toObject(strategy, entity);
    FieldManager.Applied applied =
        ownership.apply(
            strategy,
            writes.trackedPart(strategy, entity),
            Ownership.tracked(body),
            live.metadata().managedFields(),
            options);
    LastAppliedConfigs.rewrite(options.fieldManager(), applied.object(), config);
    FieldErrors errors = new FieldErrors();
    R object =
        codec.readClient(
            AppliedConfigs.merged(codec.tree(live), applied.object(), body),
            strategy.type(),
            errors);
    errors.decoded(options.fieldValidation());
    StoredWrites.requireWellFormedVersion(object);
    ObjectMeta metadata = ObjectAdmission.admit(strategy, scope, name, object, errors);
    S spec = strategy.admit(metadata, object.spec(), errors);
    errors.throwIfAny(strategy.kind(), name);

    new Preconditions(null, metadata.resourceVersion()).verify(strategy, entity, false);
    strategy.beforeWrite(scope, name, spec);
    return new Applied<>(
        writes.write("apply", strategy, entity, metadata, spec, options, applied.managedFields()),
        false);
  }
}
