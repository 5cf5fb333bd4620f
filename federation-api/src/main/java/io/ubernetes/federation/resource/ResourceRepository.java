package io.ubernetes.federation.resource;

import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** {@link ResourceTable}'s JPA half: nothing else uses it. */
interface ResourceRepository extends JpaRepository<ResourceEntity, UUID> {

  /**
   * One statement needs no transaction of its own: skipping BEGIN and COMMIT makes reads by name
   * one round trip. Inside a caller's transaction it takes part in that transaction.
   */
  @Transactional(readOnly = true, propagation = Propagation.SUPPORTS)
  @Query(
      "select r from ResourceEntity r"
          + " where r.kind = :kind and r.namespace = :namespace and r.name = :name")
  Optional<ResourceEntity> find(
      @Param("kind") String kind, @Param("namespace") String namespace, @Param("name") String name);

  /** Keeps the object from being deleted or changed until the transaction ends. */
  @Lock(LockModeType.PESSIMISTIC_READ)
  @Query(
      "select r.uid from ResourceEntity r"
          + " where r.kind = :kind and r.namespace = :namespace and r.name = :name")
  Optional<UUID> lockForShare(
      @Param("kind") String kind, @Param("namespace") String namespace, @Param("name") String name);
}
