package io.ubernetes.federation.service;

import java.util.List;

/**
 * Where a {@link FederatedService} can be reached.
 *
 * @param clusters the Service in each member cluster that runs it
 * @param dnsNames the names under which the federation serves its endpoints
 */
public record FederatedServiceStatus(List<ClusterEndpoints> clusters, List<String> dnsNames) {

  /** The status of a FederatedService nobody has looked at yet. */
  public static final FederatedServiceStatus EMPTY =
      new FederatedServiceStatus(List.of(), List.of());

  public FederatedServiceStatus {
    clusters = clusters == null ? List.of() : List.copyOf(clusters);
    dnsNames = dnsNames == null ? List.of() : List.copyOf(dnsNames);
  }

  /**
   * The Service in one member cluster.
   *
   * @param name the member cluster
   * @param addresses load balancer addresses if it has any, else the ready endpoints' addresses
   * @param readyEndpoints how many endpoints are ready there
   * @param healthy whether clients should be sent there
   */
  public record ClusterEndpoints(
      String name, List<String> addresses, int readyEndpoints, boolean healthy) {
    public ClusterEndpoints {
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }
  }
}
