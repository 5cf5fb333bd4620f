package io.ubernetes.federation.resource;

import java.util.List;

/**
 * What a change made for a client's request leaves in the audit log, recorded in the transaction
 * that makes the change, so that the record exists exactly when the change does. The store calls
 * it; the audit log implements it. Outside an audited request both methods record nothing.
 */
public interface AuditHook {

  /**
   * Records the change the current request makes; the first change of a request is the one recorded
   * (what it changes in turn belongs to it).
   *
   * @param kind the kind of object changed, e.g. {@code FederatedWorkload}
   * @param resourceVersionBefore the object's resourceVersion before the change; null on create
   * @param resourceVersionAfter its resourceVersion after it; null when it has none
   */
  void recordChange(
      String verb,
      String kind,
      String namespace,
      String name,
      String resourceVersionBefore,
      String resourceVersionAfter);

  /**
   * Runs {@code statement}, an INSERT or UPDATE returning the new {@code resource_version}, and
   * records it as {@link #recordChange} does, in the same statement.
   *
   * @return the resourceVersion, or null when the statement changed no row (and nothing was
   *     recorded)
   */
  Long change(
      String verb,
      String kind,
      String namespace,
      String name,
      String resourceVersionBefore,
      String statement,
      List<Object> parameters);
}
