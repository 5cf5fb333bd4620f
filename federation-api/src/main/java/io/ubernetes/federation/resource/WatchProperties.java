package io.ubernetes.federation.resource;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How watches are served.
 *
 * @param history how long changes are kept for watches to resume from (at least 5 minutes in
 *     production); a watch from an older resourceVersion is answered 410 Expired and relists
 * @param bookmarkInterval how often a watch that allows bookmarks gets one
 * @param buffer how many events a watcher may fall behind by before its watch is ended with 410
 *     Expired (it relists), so that a slow reader never holds the others up
 */
@ConfigurationProperties("ubernetes.watch")
public record WatchProperties(Duration history, Duration bookmarkInterval, Integer buffer) {
  public WatchProperties {
    history = history == null ? Duration.ofMinutes(10) : history;
    bookmarkInterval = bookmarkInterval == null ? Duration.ofMinutes(1) : bookmarkInterval;
    buffer = buffer == null ? 1000 : buffer;
    if (history.isNegative() || history.isZero()) {
      throw new IllegalArgumentException("ubernetes.watch.history must be positive");
    }
    if (bookmarkInterval.isNegative() || bookmarkInterval.isZero()) {
      throw new IllegalArgumentException("ubernetes.watch.bookmark-interval must be positive");
    }
    if (buffer < 1) {
      throw new IllegalArgumentException("ubernetes.watch.buffer must be at least 1");
    }
  }
}
