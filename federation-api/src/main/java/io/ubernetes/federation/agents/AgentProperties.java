package io.ubernetes.federation.agents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How member agents are watched and served (how they join is {@code security.JoinProperties}, under
 * the same prefix).
 *
 * @param heartbeatTimeout how long without a heartbeat before a cluster's Ready becomes Unknown
 * @param heartbeatStatusInterval how old a cluster's status's last heartbeat time may grow while
 *     its heartbeats say nothing new: they renew its lease meanwhile, and the status is written
 *     only when something in it changes or it is this old
 * @param partitionThreshold when more than this share of joined clusters stop heartbeating at once,
 *     the federation assumes it is the one cut off and pauses failover
 * @param longPollTimeout how long a work request waits for changes
 * @param tombstoneRetention how long removal instructions are kept for agents that were away
 */
@ConfigurationProperties("ubernetes.agents")
public record AgentProperties(
    Duration heartbeatTimeout,
    Duration heartbeatStatusInterval,
    Double partitionThreshold,
    Duration longPollTimeout,
    Duration tombstoneRetention) {

  public AgentProperties {
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(40) : heartbeatTimeout;
    heartbeatStatusInterval =
        heartbeatStatusInterval == null ? Duration.ofSeconds(60) : heartbeatStatusInterval;
    if (heartbeatStatusInterval.isNegative() || heartbeatStatusInterval.isZero()) {
      throw new IllegalArgumentException(
          "ubernetes.agents.heartbeat-status-interval must be positive");
    }
    partitionThreshold = partitionThreshold == null ? 0.5 : partitionThreshold;
    longPollTimeout = longPollTimeout == null ? Duration.ofSeconds(30) : longPollTimeout;
    tombstoneRetention = tombstoneRetention == null ? Duration.ofDays(7) : tombstoneRetention;
  }
}
