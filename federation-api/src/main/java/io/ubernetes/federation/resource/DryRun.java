package io.ubernetes.federation.resource;

import org.springframework.transaction.interceptor.TransactionAspectSupport;

/**
 * A dry run ({@code dryRun=All}) is the real write, with every check, constraint and lock, in a
 * transaction that is rolled back instead of committed: what it wrote is never seen, its audit row
 * goes with it (the audit log records the attempt as a dry run instead), and no change is
 * announced.
 */
final class DryRun {
  private DryRun() {}

  /**
   * Marks the current transaction for rollback and returns {@code object} as the answer, with the
   * resourceVersion it has without the write: null for an object never stored.
   */
  static <R extends ApiObject<S, T>, S, T> R rolledBack(
      ResourceStrategy<R, S, T> strategy, R object, String resourceVersion) {
    TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
    return strategy.assemble(
        object.metadata().withResourceVersion(resourceVersion), object.spec(), object.status());
  }
}
