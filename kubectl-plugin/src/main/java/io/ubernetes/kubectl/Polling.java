package io.ubernetes.kubectl;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Waiting for the federation to get somewhere: asking again every interval until the answer is
 * there or the time is up. The federation does the work; the commands only watch it.
 */
final class Polling {
  private Polling() {}

  /**
   * @param timeout how long to wait; zero or negative: for as long as it takes
   * @return the first answer {@code check} gives, or empty when the time ran out first
   */
  static <T> Optional<T> until(Duration interval, Duration timeout, Supplier<Optional<T>> check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<T> answer = check.get();
      if (answer.isPresent()) {
        return answer;
      }
      if (!timeout.isZero() && !timeout.isNegative() && System.nanoTime() - deadline >= 0) {
        return Optional.empty();
      }
      try {
        Thread.sleep(interval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FederationClient.FederationException("interrupted while waiting");
      }
    }
  }
}
