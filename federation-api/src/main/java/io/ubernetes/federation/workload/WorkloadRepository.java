package io.ubernetes.federation.workload;

import io.ubernetes.federation.resource.ResourceEntity;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.data.repository.query.Param;

interface WorkloadRepository extends Repository<ResourceEntity, UUID> {

  /** Up to ten workloads, as {@code namespace/name}, whose placement refers to {@code policy}. */
  @Query(
      value =
          "select namespace || '/' || name from resources"
              + " where kind = 'FederatedWorkload' and spec -> 'placement' ->> 'policyRef' = :policy"
              + " order by namespace, name limit 10",
      nativeQuery = true)
  List<String> findUsingPolicy(@Param("policy") String policy);
}
