package io.ubernetes.agent.federation;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry (exponential backoff with jitter, for retriable failures only, honouring {@code
 * Retry-After}) inside a circuit breaker around the whole federation. An open breaker fails calls
 * at once, so loops back off instead of piling up timeouts.
 */
final class ResilientCalls {
  private static final Logger log = LoggerFactory.getLogger(ResilientCalls.class);

  private final Retry retry;
  private final CircuitBreaker breaker;

  ResilientCalls(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration circuitOpenDuration,
      String cluster) {
    IntervalFunction backoff =
        IntervalFunction.ofExponentialRandomBackoff(initialBackoff, 2.0, 0.5, maxBackoff);
    RetryConfig retryConfig =
        RetryConfig.custom()
            .maxAttempts(maxAttempts)
            .intervalBiFunction(
                (attempt, outcome) -> {
                  long computed = backoff.apply(attempt);
                  if (outcome.isLeft()
                      && outcome.getLeft() instanceof FederationUnavailableException u
                      && u.retryAfter().isPresent()) {
                    return Math.max(computed, u.retryAfter().get().toMillis());
                  }
                  return computed;
                })
            .retryOnException(
                e ->
                    e instanceof FederationUnavailableException u
                        // A Retry-After longer than the longest backoff is the loop's to honour.
                        && u.retryAfter()
                            .map(after -> after.compareTo(maxBackoff) <= 0)
                            .orElse(true)
                        && !Thread.currentThread().isInterrupted())
            .build();
    retry = Retry.of("federation-" + cluster, retryConfig);
    CircuitBreakerConfig breakerConfig =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(10)
            .minimumNumberOfCalls(4)
            .failureRateThreshold(50)
            .waitDurationInOpenState(circuitOpenDuration)
            .permittedNumberOfCallsInHalfOpenState(5)
            .recordException(e -> e instanceof FederationUnavailableException)
            .ignoreExceptions(FederationRejectedException.class)
            .build();
    breaker = CircuitBreaker.of("federation-" + cluster, breakerConfig);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event ->
                log.info("Federation circuit breaker {}", event.getStateTransition().getToState()));
  }

  <T> T call(String operation, CheckedSupplier<T> attempt)
      throws FederationUnavailableException, FederationRejectedException {
    CheckedSupplier<T> guarded =
        Retry.decorateCheckedSupplier(
            retry, CircuitBreaker.decorateCheckedSupplier(breaker, attempt));
    try {
      return guarded.get();
    } catch (FederationUnavailableException | FederationRejectedException e) {
      throw e;
    } catch (CallNotPermittedException e) {
      throw new FederationUnavailableException(
          operation + ": the federation is failing, calls are paused (circuit breaker open)");
    } catch (Error e) {
      throw e;
    } catch (Throwable e) {
      throw new FederationUnavailableException(operation + ": " + e, null, e);
    }
  }

  CircuitBreaker.State circuitState() {
    return breaker.getState();
  }
}
