package io.ubernetes.federation.resource;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.generator.EventType;
import org.hibernate.type.SqlTypes;
import org.springframework.data.domain.Persistable;

/**
 * One stored API object of any kind: identity, labels and annotations in their own columns, spec
 * and status as JSON documents. The kind's {@link ResourceStrategy} gives the documents their
 * shape.
 */
@Entity
@Table(name = "resources")
public class ResourceEntity implements Persistable<UUID> {
  @Id private UUID uid;

  private String kind;

  private String namespace;

  private String name;

  @JdbcTypeCode(SqlTypes.JSON)
  private String labels;

  @JdbcTypeCode(SqlTypes.JSON)
  private String annotations;

  @JdbcTypeCode(SqlTypes.JSON)
  private String spec;

  @JdbcTypeCode(SqlTypes.JSON)
  private String status;

  /** Kubernetes' metadata.managedFields, as a JSON list: who owns which fields. */
  @Column(name = "managed_fields")
  @JdbcTypeCode(SqlTypes.JSON)
  private String managedFields = "[]";

  private long generation;

  /**
   * Drawn from the global sequence by the INSERT or UPDATE statement itself and read back with
   * RETURNING: no extra round trip, and no write without a new revision.
   */
  @Column(name = "resource_version")
  @Generated(
      event = {EventType.INSERT, EventType.UPDATE},
      sql = "next_resource_version()")
  private long resourceVersion;

  @Column(name = "created_at")
  private Instant createdAt;

  /** New objects are inserted without Hibernate first looking for them. */
  @Transient private boolean isNew;

  protected ResourceEntity() {}

  ResourceEntity(UUID uid, String kind, String namespace, String name, Instant createdAt) {
    this.uid = uid;
    this.kind = kind;
    this.namespace = namespace;
    this.name = name;
    this.createdAt = createdAt;
    this.generation = 1;
    this.isNew = true;
  }

  /** An object as read from its row with plain SQL, outside any persistence context. */
  static ResourceEntity stored(
      UUID uid,
      String kind,
      String namespace,
      String name,
      String labels,
      String annotations,
      String spec,
      String status,
      String managedFields,
      long generation,
      long resourceVersion,
      Instant createdAt) {
    ResourceEntity entity = new ResourceEntity(uid, kind, namespace, name, createdAt);
    entity.managedFields = managedFields;
    entity.labels = labels;
    entity.annotations = annotations;
    entity.spec = spec;
    entity.status = status;
    entity.generation = generation;
    entity.resourceVersion = resourceVersion;
    entity.isNew = false;
    return entity;
  }

  @Override
  public UUID getId() {
    return uid;
  }

  @Override
  public boolean isNew() {
    return isNew;
  }

  public UUID uid() {
    return uid;
  }

  public String kind() {
    return kind;
  }

  public String namespace() {
    return namespace;
  }

  public String name() {
    return name;
  }

  public String labels() {
    return labels;
  }

  public String annotations() {
    return annotations;
  }

  public String spec() {
    return spec;
  }

  public String status() {
    return status;
  }

  public String managedFields() {
    return managedFields;
  }

  public long generation() {
    return generation;
  }

  public long resourceVersion() {
    return resourceVersion;
  }

  public Instant createdAt() {
    return createdAt;
  }

  void labels(String labels) {
    this.labels = labels;
  }

  void annotations(String annotations) {
    this.annotations = annotations;
  }

  void spec(String spec) {
    this.spec = spec;
  }

  void status(String status) {
    this.status = status;
  }

  void managedFields(String managedFields) {
    this.managedFields = managedFields;
  }

  void generation(long generation) {
    this.generation = generation;
  }

  /** For an entity inserted by a statement of the caller's (which draws the version). */
  void resourceVersion(long resourceVersion) {
    this.resourceVersion = resourceVersion;
  }
}
