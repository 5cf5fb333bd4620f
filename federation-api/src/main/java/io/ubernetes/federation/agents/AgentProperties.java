package io.ubernetes.federation.agents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How member agents are watched and served (how they join is {@code security.JoinProperties}, under
 * the same prefix).
 *
 * @param heartbeatTimeout how long without a heartbeat before a cluster's Ready becomes Unknown
 * @param partitionThreshold when more than this share of joined clusters stop heartbeating at once,
 *     the federation assumes it is the one cut off and pauses failover
 * @param longPollTimeout how long a work request waits for changes
 * @param tombstoneRetention how long removal instructions are kept for agents that were away
 */
@ConfigurationProperties("ubernetes.agents")
public record AgentProperties(
    Duration heartbeatTimeout,
    Double partitionThreshold,
    Duration longPollTimeout,
    Duration tombstoneRetention) {

  public AgentProperties {
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(40) : heartbeatTimeout;
    partitionThreshold = partitionThreshold == null ? 0.5 : partitionThreshold;
    longPollTimeout = longPollTimeout == null ? Duration.ofSeconds(30) : longPollTimeout;
    tombstoneRetention = tombstoneRetention == null ? Duration.ofDays(7) : tombstoneRetention;
  }
}
