package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What follows committed changes: requests coalesced, none lost during a run, failures retried. */
class FollowUpTest {
  @Test
  void requestsDuringARunMakeOneMoreRunWhichSeesThem() throws InterruptedException {
    CountDownLatch firstRunStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger changes = new AtomicInteger();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    try (FollowUp followUp =
        new FollowUp(
            "test-follow-up",
            () -> {
              seen.add(changes.get());
              firstRunStarted.countDown();
              waitFor(release);
            })) {
      followUp.request();
      assertThat(firstRunStarted.await(10, TimeUnit.SECONDS)).isTrue();
      // Three changes while the first run works: one more run, which sees all three.
      for (int i = 0; i < 3; i++) {
        changes.incrementAndGet();
        followUp.request();
      }
      release.countDown();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
      // A last request runs after any run still queued: had the three made more than one, they
      // would show before it.
      changes.set(100);
      followUp.request();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains(100));
      assertThat(seen).containsExactly(0, 3, 100);
    }
  }

  @Test
  void aFailedRunIsTriedAgainUntilOneSucceeds() {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger succeeded = new AtomicInteger();
    try (FollowUp followUp =
        new FollowUp(
            "test-follow-up",
            () -> {
              if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("the database is away");
              }
              succeeded.incrementAndGet();
            })) {
      followUp.request();
      await().atMost(Duration.ofSeconds(20)).until(() -> succeeded.get() == 1);
      assertThat(attempts.get()).isEqualTo(3);
    }
  }

  @Test
  void aRequestAfterCloseIsIgnored() {
    AtomicInteger runs = new AtomicInteger();
    FollowUp followUp = new FollowUp("test-follow-up", runs::incrementAndGet);
    followUp.close();
    followUp.request();
    assertThat(runs.get()).isZero();
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
