package io.ubernetes.federation.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BatchedCallsTest {
  /** The call whose batch {@link #whileTheFirstIsMade} holds until it lets it go. */
  private static final String FIRST = "first";

  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> makers = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch release = new CountDownLatch(1);

  @Test
  void aCallThatComesAloneIsMadeAtOnceByItself() {
    BatchedCalls<String, String> calls = new BatchedCalls<>(record(String::toUpperCase), 8);

    assertThat(calls.call("a")).isEqualTo("A");
    assertThat(calls.call("b")).isEqualTo("B");

    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void callsThatComeWhileOneIsMadeAreMadeTogetherNextEachGettingItsOwnResult() throws Exception {
    BatchedCalls<String, String> calls = new BatchedCalls<>(record(String::toUpperCase), 8);

    List<Future<String>> later = whileTheFirstIsMade(calls, "b", "c", "d");

    assertThat(later.stream().map(this::get)).containsExactly("B", "C", "D");
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void aCallerReturnsOnceItsOwnBatchIsMadeAndAWaitingCallerMakesTheNext() throws Exception {
    BatchedCalls<String, String> calls = new BatchedCalls<>(record(String::toUpperCase), 8);

    List<Future<String>> later = whileTheFirstIsMade(calls, "b", "c");

    assertThat(later.stream().map(this::get)).containsExactly("B", "C");
    assertThat(batches).hasSize(2);
    // Under a steady stream of calls, a caller that went on making the others' would never return.
    assertThat(makers.get(1)).isNotSameAs(makers.getFirst());
  }

  @Test
  void aBatchIsBoundedAndWhatIsLeftIsMadeNext() throws Exception {
    BatchedCalls<String, String> calls = new BatchedCalls<>(record(input -> input), 2);

    List<Future<String>> later = whileTheFirstIsMade(calls, "b", "c", "d", "e", "f");

    assertThat(later.stream().map(this::get)).containsExactly("b", "c", "d", "e", "f");
    assertThat(batches).hasSize(4);
    assertThat(batches.subList(1, 4)).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 2));
  }

  @Test
  void aFailingBatchIsMadeAgainCallByCallSoOnlyTheBadCallFails() throws Exception {
    BatchedCalls<String, String> calls =
        new BatchedCalls<>(
            record(
                input -> {
                  if (input.equals("bad")) {
                    throw new IllegalStateException("bad input");
                  }
                  return input.toUpperCase();
                }),
            8);

    List<Future<String>> later = whileTheFirstIsMade(calls, "good", "bad");

    assertThat(later.getFirst().get()).isEqualTo("GOOD");
    assertThatThrownBy(later.get(1)::get).hasRootCauseInstanceOf(IllegalStateException.class);
    assertThat(batches.subList(2, batches.size()))
        .containsExactlyInAnyOrder(List.of("good"), List.of("bad"));
  }

  /**
   * Calls {@code "first"}, holds its batch until every one of {@code inputs} has been called and is
   * waiting, then lets it go; returns once every call is done.
   */
  private List<Future<String>> whileTheFirstIsMade(
      BatchedCalls<String, String> calls, String... inputs) throws Exception {
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> first = callers.submit(() -> calls.call(FIRST));
      await().until(() -> batches.size() == 1);
      List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
      List<Future<String>> later = new ArrayList<>();
      for (String input : inputs) {
        later.add(
            callers.submit(
                () -> {
                  waiting.add(Thread.currentThread());
                  return calls.call(input);
                }));
      }
      await()
          .until(
              () ->
                  waiting.size() == inputs.length
                      && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      release.countDown();
      first.get();
      return later;
    }
  }

  /** A batch function that records each batch and maps its inputs one by one. */
  private Function<List<String>, List<String>> record(Function<String, String> each) {
    return inputs -> {
      batches.add(List.copyOf(inputs));
      makers.add(Thread.currentThread());
      if (inputs.contains(FIRST)) {
        hold(release);
      }
      return inputs.stream().map(each).toList();
    };
  }

  private static void hold(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String get(Future<String> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
