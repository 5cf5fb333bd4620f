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
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

  @Test
  void aCallThatComesAloneIsMadeAtOnceByItself() {
    BatchedCalls<String, String> calls = new BatchedCalls<>(record(String::toUpperCase), 8);

    assertThat(calls.call("a")).isEqualTo("A");
    assertThat(calls.call("b")).isEqualTo("B");

    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void callsThatComeWhileOneIsMadeAreMadeTogetherNextEachGettingItsOwnResult() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BatchedCalls<String, String> calls =
        new BatchedCalls<>(
            record(
                input -> {
                  if (input.equals("first")) {
                    hold(release);
                  }
                  return input.toUpperCase();
                }),
            8);

    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> first = callers.submit(() -> calls.call("first"));
      await().until(() -> batches.size() == 1);
      List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
      List<Future<String>> later = new ArrayList<>();
      for (String input : List.of("b", "c", "d")) {
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
                  waiting.size() == 3
                      && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      release.countDown();

      assertThat(first.get()).isEqualTo("FIRST");
      assertThat(later.stream().map(this::get)).containsExactly("B", "C", "D");
    }
    assertThat(batches).hasSize(2);
    assertThat(batches.get(1)).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void aBatchIsBoundedAndWhatIsLeftIsMadeNext() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BatchedCalls<String, String> calls =
        new BatchedCalls<>(
            record(
                input -> {
                  if (input.equals("first")) {
                    hold(release);
                  }
                  return input;
                }),
            2);

    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      callers.submit(() -> calls.call("first"));
      await().until(() -> batches.size() == 1);
      List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
      for (String input : List.of("b", "c", "d", "e", "f")) {
        callers.submit(
            () -> {
              waiting.add(Thread.currentThread());
              return calls.call(input);
            });
      }
      await()
          .until(
              () ->
                  waiting.size() == 5
                      && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      release.countDown();
    }

    assertThat(batches).hasSize(4);
    assertThat(batches.subList(1, 4)).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 2));
    assertThat(batches.stream().mapToInt(List::size).sum()).isEqualTo(6);
  }

  @Test
  void aFailingBatchIsMadeAgainCallByCallSoOnlyTheBadCallFails() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    BatchedCalls<String, String> calls =
        new BatchedCalls<>(
            record(
                input -> {
                  if (input.equals("first")) {
                    hold(release);
                  }
                  if (input.equals("bad")) {
                    throw new IllegalStateException("bad input");
                  }
                  return input.toUpperCase();
                }),
            8);

    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      callers.submit(() -> calls.call("first"));
      await().until(() -> batches.size() == 1);
      List<Thread> waiting = Collections.synchronizedList(new ArrayList<>());
      Future<String> good =
          callers.submit(
              () -> {
                waiting.add(Thread.currentThread());
                return calls.call("good");
              });
      Future<String> bad =
          callers.submit(
              () -> {
                waiting.add(Thread.currentThread());
                return calls.call("bad");
              });
      await()
          .until(
              () ->
                  waiting.size() == 2
                      && waiting.stream().allMatch(t -> t.getState() == Thread.State.WAITING));
      release.countDown();

      assertThat(good.get()).isEqualTo("GOOD");
      assertThatThrownBy(bad::get).hasRootCauseInstanceOf(IllegalStateException.class);
    }
    assertThat(batches.subList(2, batches.size()))
        .containsExactlyInAnyOrder(List.of("good"), List.of("bad"));
  }

  /** A batch function that records each batch and maps its inputs one by one. */
  private Function<List<String>, List<String>> record(Function<String, String> each) {
    return inputs -> {
      batches.add(List.copyOf(inputs));
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
