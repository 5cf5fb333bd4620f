package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A watcher that does not keep up is ended with its own queue, and the others get every change: a
 * slow reader never holds anyone up.
 */
class WatcherTest {
  private final WatchHub hub = new WatchHub(JsonMapper.builder().build());

  @Test
  void aWatcherThatFallsBehindByMoreThanItsBufferIsEndedAndTheOthersGetEverything()
      throws InterruptedException {
    Watcher slow = new Watcher(everything(), 2);
    Watcher reading = new Watcher(everything(), 2);
    hub.register(slow);
    hub.register(reading);

    List<Long> received = new ArrayList<>();
    for (long rv = 1; rv <= 5; rv++) {
      hub.publish(List.of(event(rv, "ADDED", "{\"app\":\"web\"}", null)), rv);
      received.add(((Change) reading.next(Duration.ofSeconds(5))).resourceVersion());
    }

    assertThat(received).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(slow.next(Duration.ofSeconds(5))).isEqualTo(Watcher.Signal.OVERFLOWED);
    assertThat(reading.watermark()).isEqualTo(5);
  }

  @Test
  void aLabelSelectorSeesAnObjectComeAndGoAsAddedAndDeleted() {
    WatchFilter filter =
        new WatchFilter(
            "MemberCluster", null, LabelSelector.parse("app=web"), FieldSelector.EVERYTHING);
    JsonMapper json = JsonMapper.builder().build();

    Change arrives =
        new Change(event(2, "MODIFIED", "{\"app\":\"web\"}", "{\"app\":\"db\"}"), json);
    Change leaves = new Change(event(3, "MODIFIED", "{\"app\":\"db\"}", "{\"app\":\"web\"}"), json);
    Change stays = new Change(event(4, "MODIFIED", "{\"app\":\"web\"}", "{\"app\":\"web\"}"), json);
    Change elsewhere = new Change(event(5, "MODIFIED", "{\"app\":\"db\"}", "{}"), json);

    assertThat(filter.typeFor(arrives)).isEqualTo("ADDED");
    assertThat(filter.typeFor(leaves)).isEqualTo("DELETED");
    assertThat(filter.typeFor(stays)).isEqualTo("MODIFIED");
    assertThat(filter.typeFor(elsewhere)).isNull();
  }

  private static WatchFilter everything() {
    return new WatchFilter(
        "MemberCluster", null, LabelSelector.EVERYTHING, FieldSelector.EVERYTHING);
  }

  private static StoredEvent event(long rv, String type, String labels, String oldLabels) {
    return new StoredEvent(
        rv,
        type,
        ResourceEntity.stored(
            UUID.randomUUID(),
            "MemberCluster",
            "",
            "c" + rv,
            labels,
            "{}",
            "{}",
            "{}",
            "[]",
            1,
            rv,
            Instant.EPOCH),
        oldLabels);
  }
}
