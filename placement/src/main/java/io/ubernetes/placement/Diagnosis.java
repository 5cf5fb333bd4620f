package io.ubernetes.placement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one-line account of a decision, in the style of Kubernetes schedulers: {@code 0/7 clusters
 * fit: 3 region not in [eu-central, eu-west], 2 insufficient cpu (need 500m), 2 taint
 * maintenance=true:NoSchedule not tolerated}.
 */
final class Diagnosis {
  private static final int LISTED = 5;

  private Diagnosis() {}

  static String summary(
      Decision decision, boolean duplicated, int clusters, Candidates candidates) {
    StringBuilder line = new StringBuilder();
    Map<String, Integer> placed = decision.replicas();
    if (placed.isEmpty()) {
      line.append("0/").append(decision.requestedReplicas()).append(" replicas placed");
    } else if (duplicated) {
      line.append(decision.requestedReplicas()).append(" replicas in each of ");
      line.append(placed.size()).append(placed.size() == 1 ? " cluster" : " clusters");
      appendPlacement(line, placed);
    } else {
      line.append(decision.placedReplicas()).append('/').append(decision.requestedReplicas());
      line.append(" replicas on ").append(placed.size());
      line.append(placed.size() == 1 ? " cluster" : " clusters");
      appendPlacement(line, placed);
    }
    line.append("; ")
        .append(candidates.count())
        .append('/')
        .append(clusters)
        .append(" clusters fit");
    List<String> groups = filteredGroups(candidates);
    if (!groups.isEmpty()) {
      line.append(": ").append(String.join(", ", groups));
    }
    for (String problem : decision.problems()) {
      line.append("; ").append(problem);
    }
    return line.toString();
  }

  private static void appendPlacement(StringBuilder line, Map<String, Integer> placed) {
    if (placed.isEmpty()) {
      return;
    }
    line.append(" (");
    int listed = 0;
    for (Map.Entry<String, Integer> entry : placed.entrySet()) {
      if (listed == LISTED) {
        line.append(", ...");
        break;
      }
      line.append(listed == 0 ? "" : ", ")
          .append(entry.getKey())
          .append(' ')
          .append(entry.getValue());
      listed++;
    }
    line.append(')');
  }

  /** "3 region not in [...]" for each reason, most frequent first, then alphabetically. */
  private static List<String> filteredGroups(Candidates candidates) {
    int[] counts = new int[candidates.reasons.size()];
    for (byte reason : candidates.reasonOf) {
      if (reason != 0) {
        counts[reason - 1]++;
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int r = 0; r < counts.length; r++) {
      order.add(r);
    }
    order.sort(
        (a, b) -> {
          int byCount = Integer.compare(counts[b], counts[a]);
          return byCount != 0
              ? byCount
              : candidates.reasons.get(a).compareTo(candidates.reasons.get(b));
        });
    List<String> groups = new ArrayList<>();
    for (int r : order) {
      groups.add(counts[r] + " " + candidates.reasons.get(r));
    }
    return groups;
  }
}
