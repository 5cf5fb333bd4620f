package io.ubernetes.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * One writer that keeps creating, scaling and deleting workloads confined to the EU while faults
 * happen, and the ledger of what the federation acknowledged. Writes come one at a time, so the
 * last acknowledged write of a name is what the federation must hold; a write that got no answer
 * (the service was down) or a 503 (its database was) may or may not have happened, so its name is
 * left out of the checks until it is {@linkplain #settle settled} by reading it back.
 */
final class Churn {
  static final String NAMESPACE = "faults";
  private static final String PATH = "/api/v1/namespaces/" + NAMESPACE + "/workloads";
  private static final int POPULATION = 12;

  /** What the federation must hold for a name: its replicas, or nothing once deleted. */
  private record Expected(int replicas, boolean deleted, boolean certain) {}

  private final Http api;
  private final Random random = new Random(22);
  private final Map<String, Expected> ledger = new ConcurrentHashMap<>();

  /** Names the writer changes and deletes: created for sure, not deleted yet. */
  private final List<String> live = new ArrayList<>();

  private final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> answers = new ConcurrentHashMap<>();
  private final AtomicInteger acknowledged = new AtomicInteger();
  private ScheduledExecutorService writer;
  private int next;

  Churn(Http api) {
    this.api = api;
  }

  /** Writes once every 150 ms after the last write was answered, until {@link #stop}. */
  void start() {
    writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().name("churn").unstarted(r));
    writer.scheduleWithFixedDelay(this::writeSafely, 0, 150, TimeUnit.MILLISECONDS);
  }

  /** Lets the write under way finish and stops. */
  void stop() throws InterruptedException {
    writer.shutdown();
    if (!writer.awaitTermination(1, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the writer did not stop");
    }
  }

  /** A failure of the writer itself is reported, not lost with its schedule. */
  private void writeSafely() {
    try {
      writeOnce();
    } catch (RuntimeException e) {
      wrongAnswers.add("the writer failed: " + e);
    }
  }

  private void writeOnce() {
    int pick = random.nextInt(4);
    if (live.size() < POPULATION || pick == 0) {
      String name = "w" + next++;
      int replicas = 1 + random.nextInt(2);
      if (send("POST", PATH, FleetHarness.workload(name, replicas, FleetHarness.EU_ONLY), name)) {
        ledger.put(name, new Expected(replicas, false, true));
        live.add(name);
      }
    } else if (pick == 1 && live.size() > POPULATION / 2) {
      String name = live.removeFirst();
      if (send("DELETE", PATH + "/" + name, null, name)) {
        ledger.put(name, new Expected(0, true, true));
      }
    } else {
      String name = live.get(random.nextInt(live.size()));
      int replicas = 1 + random.nextInt(3);
      if (send("PATCH", PATH + "/" + name, "{\"spec\": {\"replicas\": " + replicas + "}}", name)) {
        ledger.put(name, new Expected(replicas, false, true));
      }
    }
  }

  /** Whether the federation acknowledged the write; if not, its outcome is unknown. */
  private boolean send(String method, String path, String body, String name) {
    Http.Answer answer;
    try {
      answer =
          switch (method) {
            case "POST" -> api.post(path, body);
            case "PATCH" -> api.mergePatch(path, body);
            default -> api.delete(path);
          };
    } catch (UncheckedIOException e) {
      count("no answer");
      uncertain(name);
      return false;
    }
    count(String.valueOf(answer.status()));
    if (answer.status() / 100 == 2) {
      acknowledged.incrementAndGet();
      return true;
    }
    uncertain(name);
    if (answer.status() != 503) {
      wrongAnswers.add(method + " " + path + " -> " + answer.status() + " " + answer.json());
    }
    return false;
  }

  private void uncertain(String name) {
    ledger.compute(
        name,
        (n, was) ->
            was == null
                ? new Expected(0, false, false)
                : new Expected(was.replicas(), was.deleted(), false));
  }

  private void count(String answer) {
    answers.merge(answer, 1, Integer::sum);
  }

  /** Answers of any kind but success, no answer and 503 since the last call: each one a defect. */
  List<String> takeWrongAnswers() {
    List<String> taken = List.copyOf(wrongAnswers);
    wrongAnswers.removeAll(taken);
    return taken;
  }

  /** How many writes the federation acknowledged so far. */
  int acknowledged() {
    return acknowledged.get();
  }

  /** How many times it answered {@code status} so far ("no answer" when it did not answer). */
  int answered(String status) {
    return answers.getOrDefault(status, 0);
  }

  /** How the federation answered so far, by status ("no answer" when it did not). */
  Map<String, Integer> answers() {
    return new TreeMap<>(answers);
  }

  /**
   * Asserts, with the writer stopped, that the federation holds exactly what it acknowledged, then
   * adopts what it holds for names whose last write had an unknown outcome.
   */
  void assertNothingAcknowledgedIsLost() {
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, Expected> entry : new TreeMap<>(ledger).entrySet()) {
      String name = entry.getKey();
      Expected expected = entry.getValue();
      Http.Answer answer = api.get(PATH + "/" + name);
      assertThat(answer.status()).as("GET %s", name).isIn(200, 404);
      if (!expected.certain()) {
        settle(name, answer);
      } else if (expected.deleted() && answer.status() != 404) {
        lost.add(name + ": deleted, but is still there");
      } else if (!expected.deleted() && answer.status() == 404) {
        lost.add(name + ": acknowledged with " + expected.replicas() + " replicas, but is gone");
      } else if (!expected.deleted()
          && answer.json().at("/spec/replicas").asInt() != expected.replicas()) {
        lost.add(
            name
                + ": acknowledged with "
                + expected.replicas()
                + " replicas, but holds "
                + answer.json().at("/spec/replicas").asInt());
      }
    }
    assertThat(lost).as("acknowledged writes lost").isEmpty();
  }

  private void settle(String name, Http.Answer answer) {
    if (answer.status() == 404) {
      ledger.put(name, new Expected(0, true, true));
      live.remove(name);
    } else {
      JsonNode spec = answer.json().path("spec");
      ledger.put(name, new Expected(spec.path("replicas").asInt(), false, true));
      if (!live.contains(name)) {
        live.add(name);
      }
    }
  }

  /**
   * The workloads that must exist, with their replicas (after {@link
   * #assertNothingAcknowledgedIsLost}).
   */
  Map<String, Integer> existing() {
    Map<String, Integer> existing = new TreeMap<>();
    ledger.forEach(
        (name, expected) -> {
          if (!expected.deleted()) {
            existing.put(name, expected.replicas());
          }
        });
    return existing;
  }

  /** The workloads that must be gone everywhere. */
  List<String> deleted() {
    return ledger.entrySet().stream()
        .filter(e -> e.getValue().deleted())
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }
}
