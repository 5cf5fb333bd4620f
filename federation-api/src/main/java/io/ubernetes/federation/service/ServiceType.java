package io.ubernetes.federation.service;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How clients reach a {@link FederatedService} in each member cluster. */
public enum ServiceType {
  /** A virtual IP inside the cluster. */
  @JsonProperty("ClusterIP")
  CLUSTER_IP,
  /** An address outside the cluster, from the cluster's load balancer. */
  @JsonProperty("LoadBalancer")
  LOAD_BALANCER,
  /** No virtual IP: the name resolves to the ready pods' addresses ({@code clusterIP: None}). */
  @JsonProperty("Headless")
  HEADLESS
}
