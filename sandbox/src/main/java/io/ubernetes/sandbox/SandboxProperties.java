package io.ubernetes.sandbox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sandbox runs.
 *
 * @param clusters a generated fleet of this many clusters instead of the default four
 * @param config a YAML file of cluster definitions instead of the default four
 * @param federationUrl attach the simulated clusters to the federation service at this URL instead
 *     of running one in this process
 * @param joinToken the join token of that federation (a local one's is read from its data)
 * @param adminToken an admin API token of that federation (a local one's is read from its
 *     configuration or its data)
 * @param federationCaFile PEM certificates to trust for the federation's HTTPS (with {@code --tls},
 *     the sandbox's own self-signed certificate)
 * @param heartbeatInterval the agents' heartbeat interval
 * @param startDelay how long a simulated pod takes to become ready
 * @param readyTimeout how long to wait for every cluster to be Ready before the banner
 * @param dataDirectory where the simulated clusters keep their objects, in {@code clusters/}
 *     (default: the local federation's {@code ubernetes.agents.data-directory}, else {@code data})
 */
@ConfigurationProperties("ubernetes.sandbox")
public record SandboxProperties(
    Integer clusters,
    Path config,
    URI federationUrl,
    String joinToken,
    String adminToken,
    Path federationCaFile,
    Duration heartbeatInterval,
    Duration startDelay,
    Duration readyTimeout,
    Path dataDirectory) {

  public SandboxProperties {
    heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(10) : heartbeatInterval;
    startDelay = startDelay == null ? ClusterFleet.DEFAULT_START_DELAY : startDelay;
    readyTimeout = readyTimeout == null ? Duration.ofSeconds(90) : readyTimeout;
  }
}
