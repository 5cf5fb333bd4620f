package io.ubernetes.agent.sync;

import io.ubernetes.agent.protocol.ObjectStatus;
import java.util.List;

/**
 * How the last reconciliation of a workload went.
 *
 * @param generation the workload generation whose manifests were applied
 * @param applied whether every manifest is in place
 * @param errors per manifest that is not, {@code "<Kind> <namespace>/<name>: <why>"}
 * @param retriable whether some error may go away by trying again
 * @param pending objects held back, neither failed nor applied, each with why (a custom resource
 *     whose definition is not established yet); the item is not applied while any is
 */
public record ApplyOutcome(
    String workloadUid,
    long generation,
    boolean applied,
    List<String> errors,
    boolean retriable,
    List<ObjectStatus> pending) {
  public ApplyOutcome {
    errors = List.copyOf(errors);
    pending = pending == null ? List.of() : List.copyOf(pending);
  }

  public ApplyOutcome(
      String workloadUid,
      long generation,
      boolean applied,
      List<String> errors,
      boolean retriable) {
    this(workloadUid, generation, applied, errors, retriable, List.of());
  }

  /** Whether objects wait for something the member does soon, with no error besides. */
  public boolean waiting() {
    return !pending.isEmpty() && errors.isEmpty();
  }
}
