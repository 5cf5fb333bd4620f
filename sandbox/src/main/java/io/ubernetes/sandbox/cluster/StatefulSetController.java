package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetUpdateStrategy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * StatefulSets: pods {@code <name>-0} to {@code <name>-<replicas-1>}, created in order, each after
 * the one before is ready ({@code OrderedReady}), or all at once ({@code Parallel}); scaling down
 * removes the highest ordinals. A template change replaces pods from the highest ordinal down, one
 * at a time while all are ready ({@code RollingUpdate}, honouring its partition), or not at all
 * ({@code OnDelete}).
 */
final class StatefulSetController {
  static final String REVISION_LABEL = "controller-revision-hash";

  private final Mirror<StatefulSet> statefulSets;
  private final Mirror<Pod> pods;
  private final NewPods created;
  private final TemplateHashes hashes = new TemplateHashes();

  StatefulSetController(Mirror<StatefulSet> statefulSets, Mirror<Pod> pods, NewPods created) {
    this.statefulSets = statefulSets;
    this.pods = pods;
    this.created = created;
  }

  void reconcile() {
    Map<String, List<Pod>> owned = Pods.byController(pods.items());
    for (StatefulSet set : statefulSets.items()) {
      if (set.getMetadata().getDeletionTimestamp() == null
          && set.getSpec() != null
          && set.getSpec().getTemplate() != null) {
        reconcile(
            set, Replicas.live(pods, owned.getOrDefault(set.getMetadata().getUid(), List.of())));
      }
    }
    hashes.forgetUnseen();
  }

  private void reconcile(StatefulSet set, List<Pod> live) {
    String name = set.getMetadata().getName();
    int desired = Rollout.replicas(set.getSpec().getReplicas());
    String revision = name + "-" + hashes.of(set, set.getSpec().getTemplate());
    boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());

    TreeMap<Long, Pod> byOrdinal = new TreeMap<>();
    for (Pod pod : live) {
      long ordinal = Pods.ordinal(pod);
      boolean named = pod.getMetadata().getName().equals(name + "-" + ordinal);
      if (!named || ordinal >= desired) {
        pods.delete(pod);
      } else {
        byOrdinal.put(ordinal, pod);
      }
    }
    for (long i = 0; i < desired; i++) {
      Pod pod = byOrdinal.get(i);
      if (pod == null) {
        created.add(newPod(set, i, revision));
        if (!parallel) {
          break;
        }
      } else if (!parallel && !Pods.ready(pod)) {
        break;
      }
    }
    boolean allReady =
        byOrdinal.size() == desired && byOrdinal.values().stream().allMatch(Pods::ready);
    StatefulSetUpdateStrategy strategy = set.getSpec().getUpdateStrategy();
    if (allReady && (strategy == null || !"OnDelete".equals(strategy.getType()))) {
      int partition =
          strategy == null
                  || strategy.getRollingUpdate() == null
                  || strategy.getRollingUpdate().getPartition() == null
              ? 0
              : strategy.getRollingUpdate().getPartition();
      byOrdinal.descendingMap().entrySet().stream()
          .filter(entry -> entry.getKey() >= partition)
          .filter(entry -> !revision.equals(revisionOf(entry.getValue())))
          .findFirst()
          .ifPresent(entry -> pods.delete(entry.getValue()));
    }
    updateStatus(set, byOrdinal.values().stream().toList(), revision, desired);
  }

  private void updateStatus(StatefulSet set, List<Pod> live, String revision, int desired) {
    int updated = (int) live.stream().filter(pod -> revision.equals(revisionOf(pod))).count();
    StatefulSetStatus before = set.getStatus() == null ? new StatefulSetStatus() : set.getStatus();
    String current =
        updated == desired && live.size() == desired || before.getCurrentRevision() == null
            ? revision
            : before.getCurrentRevision();
    int ready = Replicas.ready(live);
    StatefulSetStatus status =
        new StatefulSetStatusBuilder(before)
            .withObservedGeneration(set.getMetadata().getGeneration())
            .withReplicas(live.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUpdatedReplicas(updated)
            .withCurrentReplicas(
                (int) live.stream().filter(pod -> current.equals(revisionOf(pod))).count())
            .withCurrentRevision(current)
            .withUpdateRevision(revision)
            .build();
    if (!status.equals(set.getStatus())) {
      statefulSets.updateStatus(new StatefulSetBuilder(set).withStatus(status).build());
    }
  }

  private static Pod newPod(StatefulSet set, long ordinal, String revision) {
    String podName = set.getMetadata().getName() + "-" + ordinal;
    Pod pod =
        Pods.fromTemplate(
            set,
            set.getSpec().getTemplate(),
            podName,
            Map.of(
                REVISION_LABEL,
                revision,
                "statefulset.kubernetes.io/pod-name",
                podName,
                "apps.kubernetes.io/pod-index",
                Long.toString(ordinal)));
    return new PodBuilder(pod)
        .editSpec()
        .withHostname(podName)
        .withSubdomain(set.getSpec().getServiceName())
        .endSpec()
        .build();
  }

  private static String revisionOf(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    return labels == null ? null : labels.get(REVISION_LABEL);
  }
}
