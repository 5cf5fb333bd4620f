package io.ubernetes.agent.sync;

import java.util.List;

/**
 * How the last reconciliation of a workload went.
 *
 * @param generation the workload generation whose manifests were applied
 * @param applied whether every manifest is in place
 * @param errors per manifest that is not, {@code "<Kind> <namespace>/<name>: <why>"}
 * @param retriable whether some error may go away by trying again
 */
public record ApplyOutcome(
    String workloadUid, long generation, boolean applied, List<String> errors, boolean retriable) {
  public ApplyOutcome {
    errors = List.copyOf(errors);
  }
}
