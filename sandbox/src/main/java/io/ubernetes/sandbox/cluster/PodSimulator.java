package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduler and the kubelets of the simulated nodes. Unscheduled pods go, oldest first, to the
 * first node with room ({@link FirstFit}), counting what every pod bound to a node requests. A
 * bound pod gets the next free address of the pod range, and becomes Running and Ready a start
 * delay later; a Job's pod then runs for another start delay and succeeds. A pod told to fail
 * ({@link Failure}) fails instead, its crashes restarted after the kubelet's {@link BackOff}.
 * Running pods stay where they are whatever the nodes' capacity becomes.
 */
final class PodSimulator {
  private static final Comparator<Pod> OLDEST_FIRST =
      Comparator.comparing((Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()))
          .thenComparing(Pods.NAME_ORDER);

  private final Mirror<Pod> pods;
  private final NewPods created;
  private final Mirror<Node> nodes;
  private final AddressPool addresses;
  private final Duration startDelay;
  private final BackOff backOff;
  private final Clock clock;

  /** When each pod (by uid) entered its current step; not stored in the pod, so lost on close. */
  private final Map<String, Instant> since = new HashMap<>();

  /** What each pod (by uid) requests: a pod's requests do not change, and parsing them is dear. */
  private final Map<String, Resources> requests = new HashMap<>();

  PodSimulator(
      Mirror<Pod> pods,
      NewPods created,
      Mirror<Node> nodes,
      AddressPool addresses,
      Duration startDelay,
      Clock clock) {
    this.pods = pods;
    this.created = created;
    this.nodes = nodes;
    this.addresses = addresses;
    this.startDelay = startDelay;
    this.backOff = BackOff.scaledTo(startDelay);
    this.clock = clock;
  }

  /** One round; returns when the next pod is due to move on, if any is waiting. */
  Optional<Instant> reconcile() {
    Instant now = clock.instant();
    Map<String, Node> known = new HashMap<>();
    nodes.items().forEach(node -> known.put(node.getMetadata().getName(), node));
    List<Pod> all = pods.items();

    Map<String, Resources> requested = new HashMap<>();
    Set<String> addressesInUse = new HashSet<>();
    for (Pod pod : all) {
      if (Pods.terminal(pod)) {
        continue;
      }
      if (Pods.scheduled(pod)) {
        requested.merge(pod.getSpec().getNodeName(), requestOf(pod), Resources::plus);
      }
      if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
        addressesInUse.add(pod.getStatus().getPodIP());
      }
    }
    FirstFit placement = new FirstFit(rooms(known, requested));
    AddressPool.Allocation allocation = addresses.allocation(addressesInUse);

    List<Pod> order = new ArrayList<>(all);
    order.sort(OLDEST_FIRST);
    Instant nextDue = null;
    Set<String> live = new HashSet<>();
    for (Pod pod : order) {
      if (!Pods.active(pod) || pod.getSpec() == null) {
        continue;
      }
      String uid = pod.getMetadata().getUid();
      live.add(uid);
      Pod next = pod;
      if (!Pods.scheduled(next)) {
        next =
            switch (placement.place(requestOf(next), next.getSpec().getNodeSelector())) {
              case FirstFit.Bound bound -> {
                since.put(uid, now);
                yield PodLifecycle.bound(next, bound.node(), now);
              }
              case FirstFit.Unschedulable no -> PodLifecycle.unschedulable(next, no.message(), now);
            };
      }
      if (Pods.scheduled(next) && known.containsKey(next.getSpec().getNodeName())) {
        next = kubelet(next, uid, now, allocation);
        Instant due = due(next, uid);
        if (due != null && (nextDue == null || due.isBefore(nextDue))) {
          nextDue = due;
        }
      }
      if (next != pod) {
        pods.update(next);
      }
    }
    // The controllers' new pods come last, as the newest: bound, addressed and written at once.
    for (Pod pod : created.drain()) {
      Pod next =
          switch (placement.place(
              Resources.requestedBy(pod.getSpec()), pod.getSpec().getNodeSelector())) {
            case FirstFit.Bound bound -> {
              Pod placed = PodLifecycle.bound(pod, bound.node(), now);
              Optional<String> address = allocation.next();
              yield address.isEmpty() ? placed : PodLifecycle.starting(placed, address.get(), now);
            }
            case FirstFit.Unschedulable no -> PodLifecycle.unschedulable(pod, no.message(), now);
          };
      Pod written = pods.create(next);
      if (written != null && Pods.scheduled(written)) {
        live.add(written.getMetadata().getUid());
        since.put(written.getMetadata().getUid(), now);
        Instant due = due(written, written.getMetadata().getUid());
        if (due != null && (nextDue == null || due.isBefore(nextDue))) {
          nextDue = due;
        }
      }
    }
    since.keySet().retainAll(live);
    requests.keySet().retainAll(live);
    return Optional.ofNullable(nextDue);
  }

  private Resources requestOf(Pod pod) {
    return requests.computeIfAbsent(
        pod.getMetadata().getUid(), uid -> Resources.requestedBy(pod.getSpec()));
  }

  /** Moves a bound pod on as far as the time allows. */
  private Pod kubelet(Pod pod, String uid, Instant now, AddressPool.Allocation allocation) {
    Pod next = pod;
    if (next.getStatus() == null || next.getStatus().getPodIP() == null) {
      Optional<String> address = allocation.next();
      if (address.isEmpty()) {
        return next;
      }
      since.putIfAbsent(uid, now);
      next = PodLifecycle.starting(next, address.get(), now);
    }
    since.putIfAbsent(uid, now);
    // At most two steps: a Job's pod with no start delay starts and succeeds in one pass.
    for (int step = 0; step < 2; step++) {
      Instant due = due(next, uid);
      if (due == null || now.isBefore(due)) {
        break;
      }
      since.put(uid, now);
      if (PodLifecycle.creating(next)) {
        next =
            FailingPods.failing(next)
                ? FailingPods.started(next, backOff, now)
                : PodLifecycle.running(next, now);
      } else if (FailingPods.waitingFor(next, FailingPods.CRASH_LOOP_BACK_OFF)) {
        next = FailingPods.restarted(next, backOff, now);
      } else if (FailingPods.waitingFor(next, FailingPods.ERR_IMAGE_PULL)) {
        next = FailingPods.pullBackOff(next, now);
      } else {
        since.remove(uid);
        next = PodLifecycle.succeeded(next, now);
      }
    }
    return next;
  }

  /**
   * When the pod is due to move on, or null if it is not waiting for time: a start delay after its
   * containers began to be created it starts, a back-off after a crash its crashed containers
   * restart, a back-off after a failed pull the kubelet backs off pulling, and a start delay after
   * a Job's pod started it succeeds (unless it crash-loops).
   */
  private Instant due(Pod pod, String uid) {
    Instant entered = since.get(uid);
    if (entered == null || Pods.terminal(pod) || pod.getStatus() == null) {
      return null;
    }
    if (PodLifecycle.creating(pod)) {
      return pod.getStatus().getPodIP() == null ? null : entered.plus(startDelay);
    }
    if (FailingPods.waitingFor(pod, FailingPods.CRASH_LOOP_BACK_OFF)) {
      return entered.plus(backOff.after(FailingPods.restarts(pod)));
    }
    if (FailingPods.waitingFor(pod, FailingPods.ERR_IMAGE_PULL)) {
      return entered.plus(backOff.after(0));
    }
    boolean completes = "Running".equals(Pods.phase(pod)) && runsToCompletion(pod);
    return completes ? entered.plus(startDelay) : null;
  }

  /** A Job's pod finishes; every other pod runs until deleted. */
  private static boolean runsToCompletion(Pod pod) {
    return Pods.controller(pod).map(owner -> "Job".equals(owner.getKind())).orElse(false);
  }

  /** Ready, schedulable nodes in name order (node-2 before node-10), with what they have left. */
  private static List<FirstFit.Room> rooms(
      Map<String, Node> known, Map<String, Resources> requested) {
    List<FirstFit.Room> rooms = new ArrayList<>();
    known.values().stream()
        .filter(PodSimulator::schedulable)
        .sorted(
            Comparator.comparingInt((Node node) -> node.getMetadata().getName().length())
                .thenComparing(node -> node.getMetadata().getName()))
        .forEach(
            node -> {
              String name = node.getMetadata().getName();
              Resources allocatable = Resources.of(node.getStatus().getAllocatable());
              rooms.add(
                  new FirstFit.Room(
                      name,
                      node.getMetadata().getLabels() == null
                          ? Map.of()
                          : node.getMetadata().getLabels(),
                      allocatable.minus(requested.getOrDefault(name, Resources.ZERO))));
            });
    return rooms;
  }

  private static boolean schedulable(Node node) {
    if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
      return false;
    }
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition condition : node.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }
}
