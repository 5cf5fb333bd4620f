package io.ubernetes.federation.agents;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How member agents join and are watched.
 *
 * @param joinMode {@code AUTO}: any agent with the join token is admitted; {@code APPROVAL}: an
 *     operator approves each cluster
 * @param joinToken the join token; when unset, one is generated on first start, printed once in the
 *     log and written to {@code <dataDirectory>/join-token}
 * @param dataDirectory where the service keeps files of its own
 * @param heartbeatTimeout how long without a heartbeat before a cluster's Ready becomes Unknown
 * @param partitionThreshold when more than this share of joined clusters stop heartbeating at once,
 *     the federation assumes it is the one cut off and pauses failover
 * @param longPollTimeout how long a work request waits for changes
 * @param tombstoneRetention how long removal instructions are kept for agents that were away
 */
@ConfigurationProperties("ubernetes.agents")
public record AgentProperties(
    JoinMode joinMode,
    String joinToken,
    Path dataDirectory,
    Duration heartbeatTimeout,
    Double partitionThreshold,
    Duration longPollTimeout,
    Duration tombstoneRetention) {

  /** Who may join. */
  public enum JoinMode {
    AUTO,
    APPROVAL
  }

  public AgentProperties {
    joinMode = joinMode == null ? JoinMode.AUTO : joinMode;
    dataDirectory = dataDirectory == null ? Path.of("data") : dataDirectory;
    heartbeatTimeout = heartbeatTimeout == null ? Duration.ofSeconds(40) : heartbeatTimeout;
    partitionThreshold = partitionThreshold == null ? 0.5 : partitionThreshold;
    longPollTimeout = longPollTimeout == null ? Duration.ofSeconds(30) : longPollTimeout;
    tombstoneRetention = tombstoneRetention == null ? Duration.ofDays(7) : tombstoneRetention;
  }
}
