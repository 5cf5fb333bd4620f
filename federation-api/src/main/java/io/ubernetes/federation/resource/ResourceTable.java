package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.LabelSelector.Requirement;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code resources} table: the one class that reads and writes it. Objects come and go as
 * {@link ResourceEntity} rows, through JPA where a client's object is read, changed and written
 * back in one transaction, and through plain statements where many rows are read or written at
 * once.
 *
 * <p>Label selectors become SQL over the {@code labels} jsonb column. Equality and set terms become
 * containment ({@code @>}), which the GIN index serves; existence terms use {@code jsonb_exists}.
 */
@Repository
class ResourceTable {
  /**
   * A create is this one statement, with its audit row in it (see {@link AuditHook#change}), and
   * the commit: two round trips to the database. A name that is taken inserts nothing (after
   * waiting for a concurrent insert of it to commit or roll back) and is answered 409: a name clash
   * is an answer, not an error for PostgreSQL to log.
   */
  private static final String INSERT =
      "insert into resources (uid, kind, namespace, name, labels, annotations, spec, status,"
          + " managed_fields, generation, resource_version, created_at)"
          + " values (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?,"
          + " next_resource_version(), ?)"
          + " on conflict (kind, namespace, name) do nothing"
          + " returning resource_version";

  /** The columns {@link #stored} reads, of the table as {@code r}. */
  private static final String COLUMNS =
      "r.uid, r.kind, r.namespace, r.name, r.labels::text, r.annotations::text, r.spec::text,"
          + " r.status::text, r.managed_fields::text, r.generation, r.resource_version,"
          + " r.created_at";

  @PersistenceContext private EntityManager entityManager;
  private final ResourceRepository repository;
  private final JdbcTemplate jdbc;
  private final AuditHook audit;
  private final JsonMapper jsonMapper;

  ResourceTable(
      ResourceRepository repository, JdbcTemplate jdbc, AuditHook audit, JsonMapper jsonMapper) {
    this.repository = repository;
    this.jdbc = jdbc;
    this.audit = audit;
    this.jsonMapper = jsonMapper;
  }

  Optional<ResourceEntity> find(String kind, String namespace, String name) {
    return repository.find(kind, namespace, name);
  }

  /**
   * Reads an object and holds its row lock until the transaction ends. The object is as the
   * database holds it under the lock, even when the transaction had read it before without one (the
   * persistence context would otherwise hand back that earlier state, and writing it back would
   * undo whatever was committed in between).
   */
  Optional<ResourceEntity> lockForUpdate(String kind, String namespace, String name) {
    List<Object[]> rows =
        entityManager
            .createQuery(
                "select r, r.resourceVersion from ResourceEntity r"
                    + " where r.kind = :kind and r.namespace = :namespace and r.name = :name",
                Object[].class)
            .setParameter("kind", kind)
            .setParameter("namespace", namespace)
            .setParameter("name", name)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    ResourceEntity entity = (ResourceEntity) rows.getFirst()[0];
    // The scalar comes from the locked row; the entity may be one this transaction read earlier.
    if (!rows.getFirst()[1].equals(entity.resourceVersion())) {
      entityManager.refresh(entity);
    }
    return Optional.of(entity);
  }

  /** Keeps the object from being deleted or changed until the transaction ends. */
  boolean lockForShare(String kind, String namespace, String name) {
    return repository.lockForShare(kind, namespace, name).isPresent();
  }

  /**
   * Inserts a new object and records its creation for the audit log, in one statement.
   *
   * @return its resourceVersion, or null when the name is taken (and nothing was written)
   */
  Long insert(ResourceEntity entity) {
    return audit.change(
        "create",
        entity.kind(),
        entity.namespace(),
        entity.name(),
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
            entity.managedFields(),
            entity.generation(),
            Timestamp.from(entity.createdAt())));
  }

  /**
   * Writes a locked object's new labels, annotations, spec and managed fields; its generation moves
   * with the spec.
   */
  void update(
      ResourceEntity entity,
      String labels,
      String annotations,
      String spec,
      String managedFields,
      boolean specChanged) {
    entity.managedFields(managedFields);
    entity.labels(labels);
    entity.annotations(annotations);
    entity.spec(spec);
    if (specChanged) {
      entity.generation(entity.generation() + 1);
    }
    repository.flush();
  }

  /** Writes a locked object's new status. */
  void updateStatus(ResourceEntity entity, String status) {
    entity.status(status);
    repository.flush();
  }

  /**
   * Deletes a locked object with a new resourceVersion, drawn first and handed to the trigger that
   * records the deletion's event (V13), so that the event and the answer carry the same one.
   *
   * @return the deletion's resourceVersion
   */
  long delete(ResourceEntity entity) {
    long resourceVersion =
        jdbc.queryForObject(
            "select set_config('ubernetes.deletion_resource_version',"
                + " next_resource_version()::text, true)::bigint",
            Long.class);
    repository.delete(entity);
    repository.flush();
    return resourceVersion;
  }

  /**
   * Returns up to {@code limit} objects of {@code kind} ordered by (namespace, name), starting
   * after {@code after} when given.
   *
   * @param namespaces only these namespaces, or every namespace when null
   */
  @SuppressWarnings("unchecked")
  List<ResourceEntity> page(
      String kind,
      Collection<String> namespaces,
      LabelSelector selector,
      ObjectKey after,
      int limit) {
    StringBuilder sql = new StringBuilder("select * from resources where kind = :kind");
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("kind", kind);
    if (namespaces != null && namespaces.size() == 1) {
      sql.append(" and namespace = :namespace");
      parameters.put("namespace", namespaces.iterator().next());
    } else if (namespaces != null) {
      sql.append(" and namespace = any(cast(:namespaces as text[]))");
      parameters.put("namespaces", namespaces.toArray(String[]::new));
    }
    if (after != null) {
      sql.append(" and (namespace, name) > (:afterNamespace, :afterName)");
      parameters.put("afterNamespace", after.namespace());
      parameters.put("afterName", after.name());
    }
    for (Requirement requirement : selector.requirements()) {
      sql.append(" and ").append(condition(requirement, parameters));
    }
    sql.append(" order by namespace, name limit :limit");
    parameters.put("limit", limit);

    Query query = entityManager.createNativeQuery(sql.toString(), ResourceEntity.class);
    parameters.forEach(query::setParameter);
    return query.getResultList();
  }

  /**
   * The objects of a kind with these uids, read with one plain statement and kept out of the
   * persistence context; uids of other kinds or of no object are left out.
   */
  List<ResourceEntity> all(List<String> kinds, Collection<UUID> uids) {
    if (uids.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "select " + COLUMNS + " from resources r where r.kind = any(?) and r.uid = any(?)",
        (rs, row) -> stored(rs),
        kinds.toArray(String[]::new),
        uids.toArray(UUID[]::new));
  }

  /**
   * The objects of a kind with these names in one namespace, read as {@link #all} reads them; names
   * of no object are left out.
   */
  List<ResourceEntity> named(String kind, String namespace, Collection<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    return jdbc.query(
        "select "
            + COLUMNS
            + " from resources r where r.kind = ? and r.namespace = ? and r.name = any(?)",
        (rs, row) -> stored(rs),
        kind,
        namespace,
        names.toArray(String[]::new));
  }

  /** Every object of a kind in one namespace, in name order, read as {@link #all} reads them. */
  List<ResourceEntity> inNamespace(String kind, String namespace) {
    return jdbc.query(
        "select "
            + COLUMNS
            + " from resources r where r.kind = ? and r.namespace = ? order by r.name",
        (rs, row) -> stored(rs),
        kind,
        namespace);
  }

  /**
   * Every object of a kind in one namespace, locked for writing until the transaction ends, in name
   * order (the order every transaction that locks them all takes), read as {@link #all} reads them.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  List<ResourceEntity> lockInNamespace(String kind, String namespace) {
    return jdbc.query(
        "select "
            + COLUMNS
            + " from resources r where r.kind = ? and r.namespace = ? order by r.name for update",
        (rs, row) -> stored(rs),
        kind,
        namespace);
  }

  /**
   * The objects of a kind whose {@code spec.<field>} names something in their own namespace, for
   * any of these (namespace, value) pairs, read as {@link #all} reads them.
   *
   * @param field a top-level spec field holding a string; written into the statement as it is, so
   *     that an expression index on it serves the query
   */
  List<ResourceEntity> referring(String kind, String field, Collection<ObjectKey> targets) {
    if (targets.isEmpty()) {
      return List.of();
    }
    String value = "(r.spec ->> " + literal(field) + ")";
    return jdbc.query(
        "select "
            + COLUMNS
            + " from resources r"
            + " join unnest(cast(? as text[]), cast(? as text[])) as t (namespace, value)"
            + " on r.namespace = t.namespace and "
            + value
            + " = t.value where r.kind = ?",
        (rs, row) -> stored(rs),
        targets.stream().map(ObjectKey::namespace).toArray(String[]::new),
        targets.stream().map(ObjectKey::name).toArray(String[]::new),
        kind);
  }

  /**
   * The keys of up to {@code limit} objects of a kind, in key order, whose spec holds {@code value}
   * at {@code path}.
   *
   * @param path spec fields leading to a string, e.g. {@code placement}, {@code policyRef}
   */
  List<ObjectKey> keysWith(String kind, List<String> path, String value, int limit) {
    StringBuilder at = new StringBuilder("spec");
    for (int i = 0; i < path.size(); i++) {
      at.append(i == path.size() - 1 ? " ->> " : " -> ").append(literal(path.get(i)));
    }
    return jdbc.query(
        "select namespace, name from resources where kind = ? and "
            + at
            + " = ? order by namespace, name limit ?",
        (rs, row) -> new ObjectKey(rs.getString(1), rs.getString(2)),
        kind,
        value,
        limit);
  }

  /**
   * One condition of each of these objects, read from their status without decoding the rest, by
   * name; an object without that condition maps to a condition of that type with nothing set, and
   * names of no object are left out.
   */
  Map<String, Condition> conditions(
      String kind, String namespace, Collection<String> names, String type) {
    Map<String, Condition> conditions = new HashMap<>();
    if (names.isEmpty()) {
      return conditions;
    }
    jdbc.query(
        """
        select r.name, c ->> 'status', c ->> 'reason', c ->> 'message',
               c ->> 'lastTransitionTime', (c ->> 'observedGeneration')::bigint
        from resources r
        left join lateral (select value as c
                           from jsonb_array_elements(
                                    coalesce(r.status -> 'conditions', '[]'::jsonb))
                           where value ->> 'type' = ?) wanted on true
        where r.kind = ? and r.namespace = ? and r.name = any(?)
        """,
        rs -> {
          conditions.put(
              rs.getString(1),
              new Condition(
                  type,
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getObject(6, Long.class)));
        },
        type,
        kind,
        namespace,
        names.toArray(String[]::new));
    return conditions;
  }

  /** The key of every object of these kinds, by uid. */
  Map<UUID, ObjectKey> keys(List<String> kinds) {
    Map<UUID, ObjectKey> keys = new HashMap<>();
    jdbc.query(
        "select uid, namespace, name from resources where kind = any(?)",
        rs -> {
          keys.put(rs.getObject(1, UUID.class), new ObjectKey(rs.getString(2), rs.getString(3)));
        },
        (Object) kinds.toArray(String[]::new));
    return keys;
  }

  /** The resourceVersion of every object of these kinds, by uid. */
  Map<UUID, Long> versions(List<String> kinds) {
    Map<UUID, Long> versions = new HashMap<>();
    jdbc.query(
        "select uid, resource_version from resources where kind = any(?)",
        rs -> {
          versions.put(rs.getObject(1, UUID.class), rs.getLong(2));
        },
        (Object) kinds.toArray(String[]::new));
    return versions;
  }

  /**
   * Locks objects of one kind for writing until the calling transaction ends, in uid order (the
   * order every transaction that writes several objects takes), in one statement.
   *
   * @return the objects that exist, by uid
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Map<UUID, SystemWrites.Locked> lockAll(List<String> kinds, Collection<UUID> uids) {
    Map<UUID, SystemWrites.Locked> locked = new LinkedHashMap<>();
    if (uids.isEmpty()) {
      return locked;
    }
    jdbc.query(
        "select uid, namespace, name, generation from resources"
            + " where kind = any(?) and uid = any(?) order by uid for update",
        rs -> {
          UUID uid = rs.getObject(1, UUID.class);
          locked.put(
              uid, new SystemWrites.Locked(uid, rs.getString(2), rs.getString(3), rs.getLong(4)));
        },
        kinds.toArray(String[]::new),
        uids.toArray(UUID[]::new));
    return locked;
  }

  /**
   * A locked object's status and the size of its other documents, for a status write.
   *
   * @param otherBytes the bytes of its labels, annotations and spec
   */
  record StatusRow(
      UUID uid, String kind, String namespace, String name, String status, long otherBytes) {}

  /** Locks these objects of these kinds in uid order and hands each one's status row over. */
  @Transactional(propagation = Propagation.MANDATORY)
  void lockStatuses(List<String> kinds, Collection<UUID> uids, Consumer<StatusRow> each) {
    lockStatuses(
        "uid = any(?) order by uid", each, kinds.toArray(String[]::new), uids.toArray(UUID[]::new));
  }

  /** Locks one object by name and hands its status row over, if it exists. */
  @Transactional(propagation = Propagation.MANDATORY)
  void lockStatus(String kind, String namespace, String name, Consumer<StatusRow> each) {
    lockStatuses("namespace = ? and name = ?", each, new String[] {kind}, namespace, name);
  }

  private void lockStatuses(String where, Consumer<StatusRow> each, Object... arguments) {
    jdbc.query(
        "select uid, kind, namespace, name, status::text, octet_length(labels::text)"
            + " + octet_length(annotations::text) + octet_length(spec::text)"
            + " from resources where kind = any(?) and "
            + where
            + " for update",
        rs -> {
          each.accept(
              new StatusRow(
                  rs.getObject(1, UUID.class),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6)));
        },
        arguments);
  }

  /** Writes these statuses (JSON by uid) in one batch, each with a new resourceVersion. */
  void writeStatuses(Map<UUID, String> statuses) {
    if (statuses.isEmpty()) {
      return;
    }
    List<Object[]> writes = new ArrayList<>();
    statuses.forEach((uid, json) -> writes.add(new Object[] {json, uid}));
    jdbc.batchUpdate(
        "update resources set status = cast(? as jsonb),"
            + " resource_version = next_resource_version() where uid = ?",
        writes);
  }

  /** An object's labels, annotations and spec as stored, in that order. */
  List<String> documents(UUID uid) {
    List<String> documents = new ArrayList<>();
    jdbc.query(
        "select labels::text, annotations::text, spec::text from resources where uid = ?",
        rs -> {
          documents.addAll(List.of(rs.getString(1), rs.getString(2), rs.getString(3)));
        },
        uid);
    return documents;
  }

  private static ResourceEntity stored(ResultSet rs) throws SQLException {
    return ResourceEntity.stored(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getTimestamp(12).toInstant());
  }

  /** A spec field's name as an SQL string literal; only plain field names are taken. */
  private static String literal(String field) {
    if (!field.matches("[A-Za-z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException("not a spec field name: " + field);
    }
    return "'" + field + "'";
  }

  private String condition(Requirement requirement, Map<String, Object> parameters) {
    return switch (requirement.operator()) {
      case EQUALS -> contains(requirement.key(), requirement.values(), parameters);
      case IN -> contains(requirement.key(), requirement.values(), parameters);
      case NOT_EQUALS, NOT_IN ->
          "not " + contains(requirement.key(), requirement.values(), parameters);
      case EXISTS -> "jsonb_exists(labels, " + bind(requirement.key(), parameters) + ")";
      case DOES_NOT_EXIST ->
          "not jsonb_exists(labels, " + bind(requirement.key(), parameters) + ")";
    };
  }

  private String contains(String key, List<String> values, Map<String, Object> parameters) {
    StringJoiner anyOf = new StringJoiner(" or ", "(", ")");
    for (String value : values) {
      String pair = jsonMapper.writeValueAsString(Map.of(key, value));
      anyOf.add("labels @> cast(" + bind(pair, parameters) + " as jsonb)");
    }
    return anyOf.toString();
  }

  private static String bind(String value, Map<String, Object> parameters) {
    String name = "p" + parameters.size();
    parameters.put(name, value);
    return ":" + name;
  }
}
