package io.ubernetes.federation.quota;

/**
 * Which member clusters the workloads of a namespace may land on, for what a Duplicated workload is
 * charged (a copy in each). Without a bean of this type every cluster is allowed; the tenancy
 * feature provides one that allows the clusters of the sets bound to the namespace.
 */
public interface NamespaceClusters {
  /** Every namespace may land on every cluster. */
  NamespaceClusters EVERY = (namespace, cluster) -> true;

  boolean allows(String namespace, String cluster);
}
