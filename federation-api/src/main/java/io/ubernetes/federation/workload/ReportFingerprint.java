package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.WorkloadReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a report says, as one string: a report whose fingerprint is the one stored changes nothing
 * (the agents repeat everything every interval), so it costs no write.
 */
final class ReportFingerprint {
  private ReportFingerprint() {}

  /** The fingerprint of a report as it would be stored. */
  static String of(WorkloadReport report, JsonMapper json) {
    return of(
        report.generation(),
        report.applied(),
        Math.max(0, report.replicas()),
        Math.max(0, report.readyReplicas()),
        json.valueToTree(report.errors()),
        json.valueToTree(report.services()),
        nonNegative(report.updatedReplicas()),
        nonNegative(report.availableReplicas()),
        json.valueToTree(report.podIssues()),
        revision(report.workloadRevision()),
        count(report.restarts()),
        canonical(json.valueToTree(report.objects()), json));
  }

  /** The fingerprint of a stored report, from its columns. */
  static String of(
      long generation,
      boolean applied,
      int replicas,
      int ready,
      JsonNode errors,
      JsonNode services,
      Integer updated,
      Integer available,
      JsonNode podIssues,
      Integer workloadRevision,
      Integer restarts,
      String objects) {
    return String.join(
        "|",
        Long.toString(generation),
        Boolean.toString(applied),
        Integer.toString(replicas),
        Integer.toString(ready),
        errors.toString(),
        services.toString(),
        String.valueOf(updated),
        String.valueOf(available),
        podIssues.toString(),
        String.valueOf(workloadRevision),
        String.valueOf(restarts),
        objects);
  }

  /**
   * JSON text with every object's keys sorted, however they were ordered (jsonb keeps no order, a
   * reported map has none): what feedback values in any order fingerprint alike by.
   */
  static String canonical(JsonNode node, JsonMapper json) {
    return json.writeValueAsString(node);
  }

  static Integer nonNegative(Integer count) {
    return count == null ? null : Math.max(0, count);
  }

  /** A count that cannot be below zero, as stored: null (not told) when it is. */
  static Integer count(Integer count) {
    return count == null || count < 0 ? null : count;
  }

  /** A workload revision as stored: revisions start at 1, anything else is not one. */
  static Integer revision(Integer revision) {
    return revision == null || revision < 1 ? null : revision;
  }
}
