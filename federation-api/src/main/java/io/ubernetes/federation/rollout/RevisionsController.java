package io.ubernetes.federation.rollout;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The revisions of a workload: what each propagates and what changed, for whoever may read it. */
@RestController
@Tag(name = "Revisions", description = "What each revision of a workload propagates")
class RevisionsController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;
  private final WorkloadRevisions revisions;
  private final TransactionTemplate transactions;

  RevisionsController(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      WorkloadRevisions revisions,
      TransactionTemplate transactions) {
    this.reader = reader;
    this.workloads = workloads;
    this.clusterWorkloads = clusterWorkloads;
    this.revisions = revisions;
    this.transactions = transactions;
  }

  @Operation(
      summary = "The kept revisions of a workload, newest first, with what changed in each",
      description =
          "Secrets' values are redacted for every reader. ?revision=N answers that revision"
              + " alone, 404 when it is not kept.")
  @GetMapping(
      path = {
        "/api/v1/namespaces/{namespace}/workloads/{name}/revisions",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}/revisions"
      },
      produces = {JSON, YAML})
  WorkloadRevisionList revisions(
      @PathVariable String namespace,
      @PathVariable String name,
      @RequestParam(required = false) Integer revision) {
    return revisions(reader.get(workloads, namespace, name), revision);
  }

  @Operation(
      summary =
          "The kept revisions of a cluster-scoped workload, newest first, with what changed in each",
      description =
          "Secrets' values are redacted for every reader. ?revision=N answers that revision"
              + " alone, 404 when it is not kept.")
  @GetMapping(
      path = {
        "/api/v1/clusterworkloads/{name}/revisions",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}/revisions"
      },
      produces = {JSON, YAML})
  WorkloadRevisionList clusterRevisions(
      @PathVariable String name, @RequestParam(required = false) Integer revision) {
    return revisions(reader.get(clusterWorkloads, null, name).asWorkload(), revision);
  }

  private WorkloadRevisionList revisions(FederatedWorkload workload, Integer revision) {
    String namespace = workload.metadata().namespace();
    String name = workload.metadata().name();
    UUID uid = UUID.fromString(workload.metadata().uid());
    List<WorkloadRevision> kept = revisions.list(uid);
    if (kept.isEmpty()) {
      // Created before revisions were kept: its first one is made now.
      transactions.executeWithoutResult(status -> revisions.ensure(workload));
      kept = revisions.list(uid);
    }
    if (revision != null) {
      kept = kept.stream().filter(r -> r.revision() == revision).toList();
      if (kept.isEmpty()) {
        throw ApiException.notFound(
            WorkloadRevisionList.KIND, namespace, name + " revision " + revision + " (not kept)");
      }
    }
    return WorkloadRevisionList.of(workload.metadata(), kept);
  }
}
