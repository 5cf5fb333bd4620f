package io.ubernetes.federation.agents;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Makes the calls of requests that come together in one go, as databases group commits: a call that
 * comes alone is made at once, on its caller's thread; calls that come while one is being made
 * wait, and the first of them then makes them all together (up to a bound). Each caller returns
 * once its own call is done, and no caller makes more than one batch, so a steady stream of calls
 * never keeps one request from returning. A batch that fails is made again call by call, so that
 * one bad call fails alone.
 *
 * @param <I> what one call takes
 * @param <O> what one call gives
 */
final class BatchedCalls<I, O> {
  private final Function<List<I>, List<O>> batch;
  private final int maxBatch;
  private final ReentrantLock lock = new ReentrantLock();
  private List<Call<I, O>> pending = new ArrayList<>();
  private boolean calling;

  /**
   * @param batch makes several calls at once and gives their results in their order
   * @param maxBatch calls made in one go at most: bounds the work of one, and the wait of its first
   *     caller
   */
  BatchedCalls(Function<List<I>, List<O>> batch, int maxBatch) {
    this.batch = batch;
    this.maxBatch = maxBatch;
  }

  /**
   * One call and what its caller waits for: its result, or its turn to make the next batch.
   *
   * @param turn completed with true when the caller is to make the next batch, with false once its
   *     call is done
   */
  private record Call<I, O>(I input, CompletableFuture<O> result, CompletableFuture<Boolean> turn) {
    Call(I input) {
      this(input, new CompletableFuture<>(), new CompletableFuture<>());
    }
  }

  /** Makes one call, with those that come at the same time. */
  O call(I input) {
    Call<I, O> call = new Call<>(input);
    boolean first;
    lock.lock();
    try {
      pending.add(call);
      first = !calling;
      calling = true;
    } finally {
      lock.unlock();
    }
    if (first || call.turn().join()) {
      makeNext();
    }
    try {
      return call.result().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * Makes the next batch of pending calls, the caller's own first among them, then hands the turn
   * to the first call still pending, if any.
   */
  private void makeNext() {
    List<Call<I, O>> calls;
    lock.lock();
    try {
      if (pending.size() <= maxBatch) {
        calls = pending;
        pending = new ArrayList<>();
      } else {
        calls = new ArrayList<>(pending.subList(0, maxBatch));
        pending = new ArrayList<>(pending.subList(maxBatch, pending.size()));
      }
    } finally {
      lock.unlock();
    }
    try {
      if (!make(calls) && calls.size() > 1) {
        calls.forEach(call -> make(List.of(call)));
      }
    } finally {
      calls.forEach(call -> call.turn().complete(false));
      lock.lock();
      try {
        if (pending.isEmpty()) {
          calling = false;
        } else {
          pending.getFirst().turn().complete(true);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * Makes calls in one go and completes them.
   *
   * @return false when they failed: then only a single call is completed, with the failure
   */
  private boolean make(List<Call<I, O>> calls) {
    try {
      List<O> results = batch.apply(calls.stream().map(Call::input).toList());
      for (int i = 0; i < calls.size(); i++) {
        calls.get(i).result().complete(results.get(i));
      }
      return true;
    } catch (RuntimeException | Error e) {
      // Whatever fails, every caller of the batch must get an answer, or it would wait forever.
      if (calls.size() == 1) {
        calls.getFirst().result().completeExceptionally(e);
      }
      return false;
    }
  }
}
