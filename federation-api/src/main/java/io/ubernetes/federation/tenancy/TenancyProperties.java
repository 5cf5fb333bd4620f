package io.ubernetes.federation.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which clusters a namespace without a ClusterSetBinding may use.
 *
 * @param defaultClusterSet unset: every cluster (as before cluster sets existed); a set's name:
 *     that set's clusters, none while no set of that name exists
 */
@ConfigurationProperties("ubernetes.tenancy")
public record TenancyProperties(String defaultClusterSet) {
  public TenancyProperties {
    defaultClusterSet =
        defaultClusterSet == null || defaultClusterSet.isBlank() ? null : defaultClusterSet.strip();
  }
}
