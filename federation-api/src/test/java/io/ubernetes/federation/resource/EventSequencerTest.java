package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The order watchers get changes in, when transactions commit out of resourceVersion order: a gap
 * holds back what is above it until every transaction that could fill it has ended, then is filled
 * or passed over.
 */
class EventSequencerTest {

  @Test
  void eventsWithoutGapsAreDeliveredAtOnce() {
    EventSequencer order = new EventSequencer(10);

    List<StoredEvent> ready = order.accept(read("100:100:", 11, 12, 13));

    assertThat(versions(ready)).containsExactly(11L, 12L, 13L);
    assertThat(order.delivered()).isEqualTo(13);
  }

  @Test
  void aGapHoldsBackLaterEventsWhileItsDrawerMayStillCommit() {
    EventSequencer order = new EventSequencer(10);

    // rv 11 is missing; transaction 105 is still running and may be the one that drew it.
    List<StoredEvent> first = order.accept(read("105:110:105", 12));
    List<StoredEvent> stillRunning = order.accept(read("105:112:105,111", 12));
    List<StoredEvent> filled = order.accept(read("111:112:111", 11, 12));

    assertThat(first).isEmpty();
    assertThat(stillRunning).isEmpty();
    assertThat(versions(filled)).containsExactly(11L, 12L);
    assertThat(order.delivered()).isEqualTo(12);
  }

  @Test
  void aGapWhoseDrawersEndedWithoutFillingItIsPassedOver() {
    EventSequencer order = new EventSequencer(10);

    List<StoredEvent> held = order.accept(read("105:110:105", 12));
    // 105 rolled back (or drew rv 11 for something that is no event): it ended, 11 never came.
    List<StoredEvent> passed = order.accept(read("111:112:111", 12, 13));

    assertThat(held).isEmpty();
    assertThat(versions(passed)).containsExactly(12L, 13L);
  }

  @Test
  void aGapNoRunningTransactionCanFillIsPassedOverAtOnce() {
    EventSequencer order = new EventSequencer(10);

    List<StoredEvent> ready = order.accept(read("120:120:", 12));

    assertThat(versions(ready)).containsExactly(12L);
  }

  @Test
  void transactionsThatStartedAfterTheGapWasSeenDoNotHoldItBack() {
    EventSequencer order = new EventSequencer(10);

    order.accept(read("105:110:105", 12));
    // 105 ended; 130 started later and cannot have drawn 11, which was drawn before 12 committed.
    List<StoredEvent> ready = order.accept(read("130:131:130", 12));

    assertThat(versions(ready)).containsExactly(12L);
  }

  @Test
  void eventsAlreadyDeliveredAreNotDeliveredAgain() {
    EventSequencer order = new EventSequencer(12);

    List<StoredEvent> ready = order.accept(read("100:100:", 11, 12, 13));

    assertThat(versions(ready)).containsExactly(13L);
  }

  private static ResourceEvents.Read read(String snapshot, long... versions) {
    return new ResourceEvents.Read(
        TransactionSnapshot.parse(snapshot),
        Arrays.stream(versions).mapToObj(EventSequencerTest::event).toList());
  }

  private static StoredEvent event(long resourceVersion) {
    return new StoredEvent(
        resourceVersion,
        "MODIFIED",
        ResourceEntity.stored(
            UUID.randomUUID(),
            "MemberCluster",
            "",
            "c" + resourceVersion,
            "{}",
            "{}",
            "{}",
            "{}",
            "[]",
            1,
            resourceVersion,
            Instant.EPOCH),
        "{}");
  }

  private static List<Long> versions(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::resourceVersion).toList();
  }

  @Test
  void aSnapshotTellsWhichTransactionsHaveEnded() {
    TransactionSnapshot snapshot = TransactionSnapshot.parse("100:110:103,107");

    assertThat(snapshot.inProgress()).isEqualTo(Set.of(103L, 107L));
    assertThat(snapshot.hasEnded(99)).isTrue();
    assertThat(snapshot.hasEnded(104)).isTrue();
    assertThat(snapshot.hasEnded(103)).isFalse();
    assertThat(snapshot.hasEnded(110)).isFalse();
  }
}
