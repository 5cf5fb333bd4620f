package io.ubernetes.sandbox;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A placement explanation reduced to what the dashboard must show exactly as the API gives it: the
 * chosen clusters with their replicas and cost terms, the candidates not chosen with the cost terms
 * of one more replica, and the rejected clusters with the API's reason. Built from the API's
 * WorkloadPlacement and from the page, so that the two compare term by term.
 */
record PlacementShown(
    Map<String, Integer> replicas,
    Map<String, Map<String, Double>> chosen,
    Map<String, Map<String, Double>> candidates,
    Map<String, String> rejected) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Reads the explanation drawn under the element {@code root} selects ({@code #workload-placement}
   * or {@code #whatif-explanation}) into JSON of this record's shape.
   */
  static final String READ_PAGE =
      """
      const root = document.querySelector(arguments[0]);
      if (!root || !root.querySelector("[data-part='rejected']")) { return null; }
      const shown = { decidedAt: root.dataset.decidedAt ?? "", replicas: {}, chosen: {},
                      candidates: {}, rejected: {} };
      for (const part of ["chosen", "candidates"]) {
        for (const row of root.querySelectorAll(`table[data-part='${part}'] tbody tr`)) {
          const terms = {};
          for (const cell of row.querySelectorAll("td[data-term]")) {
            if (cell.dataset.value !== undefined) { terms[cell.dataset.term] = Number(cell.dataset.value); }
          }
          shown[part][row.dataset.verdict] = terms;
          if (part === "chosen") {
            shown.replicas[row.dataset.verdict] =
                Number(row.querySelector("td[data-field='replicas']").dataset.value);
          }
        }
      }
      for (const row of root.querySelectorAll("table[data-part='rejected'] tbody tr")) {
        shown.rejected[row.dataset.verdict] =
            row.querySelector("td[data-field='reason']").textContent;
      }
      return JSON.stringify(shown);
      """;

  /** What the page shows, from {@link #READ_PAGE}'s answer. */
  static PlacementShown ofPage(String json) {
    JsonNode page = JSON.readTree(json);
    Map<String, Integer> replicas = new TreeMap<>();
    page.path("replicas").properties().forEach(e -> replicas.put(e.getKey(), e.getValue().asInt()));
    Map<String, String> rejected = new TreeMap<>();
    page.path("rejected")
        .properties()
        .forEach(e -> rejected.put(e.getKey(), e.getValue().asString()));
    return new PlacementShown(
        replicas, terms(page.path("chosen")), terms(page.path("candidates")), rejected);
  }

  /** What the API says, split as the dashboard and {@code kubectl ubernetes explain} split it. */
  static PlacementShown ofApi(JsonNode placement) {
    Map<String, Integer> replicas = new TreeMap<>();
    Map<String, Map<String, Double>> chosen = new TreeMap<>();
    Map<String, Map<String, Double>> candidates = new TreeMap<>();
    Map<String, String> rejected = new TreeMap<>();
    for (JsonNode verdict : placement.path("clusters")) {
      String cluster = verdict.path("cluster").asString();
      int given = verdict.path("replicas").asInt();
      if (!verdict.path("candidate").asBoolean(true)) {
        rejected.put(cluster, verdict.path("reason").asString());
      } else if (given > 0) {
        replicas.put(cluster, given);
        chosen.put(cluster, numbers(verdict.path("cost")));
      } else {
        candidates.put(cluster, numbers(verdict.path("nextReplica")));
      }
    }
    placement
        .path("filtered")
        .properties()
        .forEach(
            reason ->
                reason
                    .getValue()
                    .forEach(c -> rejected.putIfAbsent(c.asString(), reason.getKey())));
    return new PlacementShown(replicas, chosen, candidates, rejected);
  }

  private static Map<String, Map<String, Double>> terms(JsonNode byCluster) {
    Map<String, Map<String, Double>> terms = new TreeMap<>();
    byCluster.properties().forEach(e -> terms.put(e.getKey(), numbers(e.getValue())));
    return terms;
  }

  private static Map<String, Double> numbers(JsonNode object) {
    Map<String, Double> numbers = new TreeMap<>();
    object
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isNumber()) {
                numbers.put(e.getKey(), e.getValue().asDouble());
              }
            });
    return numbers;
  }

  /** The instant the page's explanation was decided at, as the API wrote it. */
  static String decidedAt(String json) {
    return JSON.readTree(json).path("decidedAt").asString();
  }
}
