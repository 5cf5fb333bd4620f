package io.ubernetes.federation.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How many API requests the service works on at once, per kind of caller, before it asks callers to
 * come back later (see {@link InflightLimitFilter}). Zero turns a limit off.
 *
 * @param mutating creates, updates, patches and deletes of users' and tools' calls
 * @param readOnly gets and lists (watches and the agents' long polls are not counted: they wait
 *     rather than work)
 * @param agents the member agents' calls: joins, heartbeats and status reports, apart from users'
 *     so that a burst of users' writes never holds back the heartbeats that keep clusters Ready
 * @param queueWait how long a request waits for its turn before it is answered 429
 */
@ConfigurationProperties("ubernetes.api.inflight")
public record InflightProperties(
    Integer mutating, Integer readOnly, Integer agents, Duration queueWait) {

  public InflightProperties {
    mutating = atLeastZero(mutating == null ? 40 : mutating, "mutating");
    readOnly = atLeastZero(readOnly == null ? 80 : readOnly, "read-only");
    agents = atLeastZero(agents == null ? 40 : agents, "agents");
    queueWait = queueWait == null ? Duration.ofSeconds(1) : queueWait;
    if (queueWait.isNegative()) {
      throw new IllegalArgumentException(
          "ubernetes.api.inflight.queue-wait must not be negative, was " + queueWait);
    }
  }

  private static int atLeastZero(int limit, String name) {
    if (limit < 0) {
      throw new IllegalArgumentException(
          "ubernetes.api.inflight." + name + " must be 0 (no limit) or more, was " + limit);
    }
    return limit;
  }
}
