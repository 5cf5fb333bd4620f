package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * A Service the agent applied, as clients can reach it in the member cluster.
 *
 * @param addresses a LoadBalancer's ingress addresses (none while it is pending), or the ready
 *     endpoints' addresses
 * @param readyEndpoints how many endpoints are ready
 */
public record ServiceReport(String name, List<String> addresses, int readyEndpoints) {
  public ServiceReport {
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }
}
