package io.ubernetes.federation.resource;

import static io.ubernetes.federation.testing.Manifests.workload;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

class ConcurrentWritersIT extends ApiIntegrationTest {
  private static final String WORKLOADS = "/api/v1/namespaces/race/workloads/";

  @Autowired private DataSource dataSource;

  @Test
  void ofManyWritersOfTheSameVersionExactlyOneWins() throws Exception {
    String name = unique("race");
    ObjectNode original =
        (ObjectNode) api.post("/api/v1/namespaces/race/workloads", workload(name)).json();
    int writers = 16;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Response>> answers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      for (int i = 0; i < writers; i++) {
        ObjectNode update = original.deepCopy();
        ((ObjectNode) update.get("spec")).put("replicas", 100 + i);
        answers.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.put(WORKLOADS + name, update.toString());
                }));
      }
      start.countDown();
    }

    List<Response> won = new ArrayList<>();
    int conflicts = 0;
    for (Future<Response> answer : answers) {
      Response response = answer.get();
      if (response.status() == 200) {
        won.add(response);
      } else {
        assertThat(response.status()).as(response.body()).isEqualTo(409);
        conflicts++;
      }
    }
    assertThat(won).hasSize(1);
    assertThat(conflicts).isEqualTo(writers - 1);
    Response stored = api.get(WORKLOADS + name);
    assertThat(stored.json().at("/spec/replicas"))
        .isEqualTo(won.getFirst().json().at("/spec/replicas"));
    assertThat(stored.json().at("/metadata/generation").asLong()).isEqualTo(2);
  }

  @Test
  void readModifyWriteClientsThatRetryOnConflictNeverLoseAnUpdate() throws Exception {
    String name = unique("counter");
    api.post(
        "/api/v1/namespaces/race/workloads",
        workload(name).replace("\"replicas\": 6", "\"replicas\": 0"));
    int clients = 8;
    int incrementsEach = 20;
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<Integer>> retries = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        retries.add(pool.submit(() -> increment(name, incrementsEach)));
      }
      for (Future<Integer> future : retries) {
        future.get();
      }
    }

    Response stored = api.get(WORKLOADS + name);
    assertThat(stored.json().at("/spec/replicas").asInt()).isEqualTo(clients * incrementsEach);
    assertThat(stored.json().at("/metadata/generation").asLong())
        .isEqualTo(1 + clients * incrementsEach);
  }

  /**
   * Rows that reference a workload (placements, work, agent reports) are inserted while other
   * transactions write the workload. Such an insert holds a key-share lock on the workload's row; a
   * write of the workload must not wait for it, or two transactions that each insert and then write
   * deadlock.
   */
  @Test
  void aWriteDoesNotWaitForTransactionsThatReferenceTheObject() throws Exception {
    String name = unique("referenced");
    ObjectNode created =
        (ObjectNode) api.post("/api/v1/namespaces/race/workloads", workload(name)).json();
    UUID uid = UUID.fromString(created.at("/metadata/uid").asString());
    Response answer;
    try (ExecutorService pool = Executors.newSingleThreadExecutor();
        Connection referrer = dataSource.getConnection()) {
      referrer.setAutoCommit(false);
      try (PreparedStatement insert =
          referrer.prepareStatement(
              "insert into placement_ledger (workload_uid, cluster, replicas, target_replicas,"
                  + " cpu_millis, memory_bytes, pods) values (?, 'c1', 1, 1, 0, 0, 1)")) {
        insert.setObject(1, uid);
        insert.executeUpdate();
      }
      ((ObjectNode) created.get("spec")).put("replicas", 7);
      Future<Response> write = pool.submit(() -> api.put(WORKLOADS + name, created.toString()));
      try {
        answer = write.get(60, TimeUnit.SECONDS);
      } finally {
        referrer.rollback();
      }
    }
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().at("/spec/replicas").asInt()).isEqualTo(7);
  }

  /**
   * Adds one replica {@code times} times, re-reading after every conflict; returns the conflicts.
   */
  private int increment(String name, int times) {
    int conflicts = 0;
    for (int done = 0; done < times; ) {
      ObjectNode current = (ObjectNode) api.get(WORKLOADS + name).json();
      ObjectNode spec = (ObjectNode) current.get("spec");
      spec.put("replicas", spec.get("replicas").asInt() + 1);
      Response answer = api.put(WORKLOADS + name, current.toString());
      if (answer.status() == 200) {
        done++;
      } else {
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        conflicts++;
      }
    }
    return conflicts;
  }
}
