package io.ubernetes.sandbox.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-scheduler reduced to what a federation notices: a pod goes to the first node, in order,
 * whose labels match its node selector and whose free cpu, memory and pod slots cover its requests.
 * Each placement takes its room from the node, so one instance places one round of pods. A pod that
 * fits nowhere gets kube-scheduler's diagnosis: "0/3 nodes are available: 3 Insufficient cpu."
 */
final class FirstFit {
  /** A node as placement sees it: what it has left after the pods bound to it. */
  record Room(String node, Map<String, String> labels, Resources free) {
    Room {
      labels = Map.copyOf(labels);
    }
  }

  /** Where a pod goes, or why it goes nowhere. */
  sealed interface Placement {}

  record Bound(String node) implements Placement {}

  record Unschedulable(String message) implements Placement {}

  static final String SELECTOR_MISMATCH = "node(s) didn't match Pod's node affinity/selector";

  private final List<Room> rooms;

  /** The nodes in the order they are tried. */
  FirstFit(List<Room> nodes) {
    this.rooms = new ArrayList<>(nodes);
  }

  Placement place(Resources request, Map<String, String> nodeSelector) {
    Map<String, Integer> reasons = new TreeMap<>();
    for (int i = 0; i < rooms.size(); i++) {
      Room room = rooms.get(i);
      List<String> misfits = misfits(room, request, nodeSelector);
      if (misfits.isEmpty()) {
        rooms.set(i, new Room(room.node(), room.labels(), room.free().minus(request)));
        return new Bound(room.node());
      }
      misfits.forEach(reason -> reasons.merge(reason, 1, Integer::sum));
    }
    if (rooms.isEmpty()) {
      return new Unschedulable("no nodes available to schedule pods");
    }
    StringBuilder message =
        new StringBuilder("0/").append(rooms.size()).append(" nodes are available: ");
    String separator = "";
    for (Map.Entry<String, Integer> reason : reasons.entrySet()) {
      message.append(separator).append(reason.getValue()).append(' ').append(reason.getKey());
      separator = ", ";
    }
    return new Unschedulable(message.append('.').toString());
  }

  private static List<String> misfits(
      Room room, Resources request, Map<String, String> nodeSelector) {
    if (nodeSelector != null) {
      for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
        if (!wanted.getValue().equals(room.labels().get(wanted.getKey()))) {
          return List.of(SELECTOR_MISMATCH);
        }
      }
    }
    List<String> misfits = new ArrayList<>();
    Resources free = room.free();
    if (request.pods() > free.pods()) {
      misfits.add("Too many pods");
    }
    if (request.milliCpu() > free.milliCpu()) {
      misfits.add("Insufficient cpu");
    }
    if (request.memoryBytes() > free.memoryBytes()) {
      misfits.add("Insufficient memory");
    }
    return misfits;
  }
}
