package io.ubernetes.federation.agents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.cluster.MemberCluster;
import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.federation.override.RenderedWork;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectMeta;
import io.ubernetes.federation.resource.ResourceReader;
import io.ubernetes.federation.workload.ClusterFederatedWorkload;
import io.ubernetes.federation.workload.ClusterFederatedWorkloadStrategy;
import io.ubernetes.federation.workload.FederatedWorkload;
import io.ubernetes.federation.workload.FederatedWorkloadStrategy;
import io.ubernetes.federation.workload.SecretRedaction;
import io.ubernetes.federation.workload.WorkloadStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A workload's manifests exactly as one member cluster gets them now: rendered by the publisher's
 * own path from the revision the cluster is assigned, with its share of the replicas and the
 * override rules that select it.
 */
@RestController
@Tag(name = "Render", description = "What a member cluster gets of a workload")
class RenderController {
  private static final String YAML = MediaType.APPLICATION_YAML_VALUE;
  private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

  private final ResourceReader reader;
  private final FederatedWorkloadStrategy workloads;
  private final ClusterFederatedWorkloadStrategy clusterWorkloads;
  private final MemberClusterStrategy clusters;
  private final WorkPublisher publisher;
  private final TransactionTemplate transactions;

  RenderController(
      ResourceReader reader,
      FederatedWorkloadStrategy workloads,
      ClusterFederatedWorkloadStrategy clusterWorkloads,
      MemberClusterStrategy clusters,
      WorkPublisher publisher,
      TransactionTemplate transactions) {
    this.reader = reader;
    this.workloads = workloads;
    this.clusterWorkloads = clusterWorkloads;
    this.clusters = clusters;
    this.publisher = publisher;
    this.transactions = transactions;
  }

  @Operation(
      summary = "The manifests a member cluster gets of a workload now",
      description =
          "From the revision the workload's rollout assigns the cluster, with the cluster's share"
              + " of replicas (0, and placed false, where the workload is not placed) and the"
              + " override rules that applied, in order. Secrets' values are redacted for every"
              + " reader. 400 without ?cluster, 404 for an unknown workload or cluster.")
  @GetMapping(
      path = {
        "/api/v1/namespaces/{namespace}/workloads/{name}/render",
        "/apis/ubernetes.io/v1/namespaces/{namespace}/federatedworkloads/{name}/render"
      },
      produces = {JSON, YAML})
  RenderedWork render(
      @PathVariable String namespace,
      @PathVariable String name,
      @Parameter(description = "the member cluster to render for") @RequestParam(required = false)
          String cluster) {
    required(cluster);
    return render(reader.get(workloads, namespace, name), cluster);
  }

  @Operation(
      summary = "The manifests a member cluster gets of a cluster-scoped workload now",
      description =
          "As for a FederatedWorkload: only ClusterOverridePolicies select a cluster-scoped"
              + " workload. 400 without ?cluster, 404 for an unknown workload or cluster.")
  @GetMapping(
      path = {
        "/api/v1/clusterworkloads/{name}/render",
        "/apis/ubernetes.io/v1/clusterfederatedworkloads/{name}/render"
      },
      produces = {JSON, YAML})
  RenderedWork clusterRender(
      @PathVariable String name,
      @Parameter(description = "the member cluster to render for") @RequestParam(required = false)
          String cluster) {
    required(cluster);
    UUID uid = UUID.fromString(reader.get(clusterWorkloads, null, name).metadata().uid());
    // Read by uid, as the publisher reads every workload: with the empty namespace it is stored
    // with, which selects no namespace's policies or services.
    FederatedWorkload workload = reader.getAll(workloads, List.of(uid)).get(uid);
    if (workload == null) {
      throw ApiException.notFound(ClusterFederatedWorkload.KIND, null, name);
    }
    return render(workload, cluster);
  }

  private static void required(String cluster) {
    if (cluster == null || cluster.isBlank()) {
      throw ApiException.badRequest(
          "cluster", "required: the member cluster to render for, ?cluster=<name>");
    }
  }

  private RenderedWork render(FederatedWorkload workload, String cluster) {
    String namespace = workload.clusterScoped() ? null : workload.metadata().namespace();
    String name = workload.metadata().name();
    MemberCluster member = reader.get(clusters, null, cluster);
    Optional<WorkloadStatus.ClusterReplicas> share =
        workload.status() == null
            ? Optional.empty()
            : workload.status().clusters().stream()
                .filter(c -> cluster.equals(c.name()))
                .findFirst();
    int replicas = share.map(c -> c.replicas() == null ? 0 : c.replicas()).orElse(0);
    // A workload made before revisions were kept gets its first one here, as its work would.
    Optional<WorkPublisher.Preview> preview =
        transactions.execute(
            status -> publisher.preview(workload, cluster, member.metadata().labels(), replicas));
    if (preview == null || preview.isEmpty()) {
      throw ApiException.conflict(
          "the revision the rollout assigns cluster " + cluster + " is no longer kept");
    }
    WorkPublisher.Preview rendered = preview.get();
    List<RenderedWork.AppliedOverride> applied = new ArrayList<>();
    List<JsonNode> items = new ArrayList<>();
    if (rendered.rendered() != null) {
      rendered
          .rendered()
          .applied()
          .forEach(a -> applied.add(new RenderedWork.AppliedOverride(a.source(), a.rule())));
      items.addAll(rendered.rendered().manifests());
    }
    return new RenderedWork(
        ApiObject.API_VERSION,
        RenderedWork.KIND,
        new ObjectMeta(name, namespace, null, null, null, null, null, null, null),
        cluster,
        rendered.revision(),
        share.isPresent(),
        replicas,
        applied,
        SecretRedaction.redacted(items),
        rendered.error());
  }
}
