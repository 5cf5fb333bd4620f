package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A workload's placement explained, as {@code explain} prints it: from the stored decision ({@code
 * .../placement}), the workload's status, its namespace's FederatedResourceQuotas and the
 * FederatedServices that select it.
 *
 * @param outcome {@code PLACED}, {@code PARTIAL} or {@code UNSCHEDULABLE}
 * @param summary the scheduler's one line
 * @param chosen the clusters given replicas
 * @param notChosen candidates given none (the best runners-up), with what one more replica would
 *     have cost there
 * @param rejected clusters a hard rule kept out, and the rule
 * @param problems what the decision could not honour
 * @param moving what a move in progress waits for
 * @param services the FederatedServices that select the workload, with the DNS names the federation
 *     serves for each (their {@code status.dnsNames}, as the API gives them)
 * @param events the last events of the workload's history, oldest first
 */
record Explanation(
    String namespace,
    String name,
    Long workloadGeneration,
    String decidedAt,
    String outcome,
    String summary,
    List<Chosen> chosen,
    List<Chosen> notChosen,
    List<Rejected> rejected,
    List<String> problems,
    String moving,
    List<Condition> conditions,
    List<QuotaUse> quotas,
    List<ServiceNames> services,
    List<Event> events) {

  /** How many of the newest events are shown, as {@code kubectl describe} shows a few. */
  static final int EVENTS_SHOWN = 20;

  /**
   * A cluster that passed the hard rules.
   *
   * @param capacity the most replicas of the workload it could hold
   * @param cost the cost function's weighted terms for its replicas (lower is better); for one not
   *     chosen, those of one more replica there
   * @param quota why a budget gave it fewer replicas than it could have taken
   */
  record Chosen(
      String cluster,
      int replicas,
      int capacity,
      Double pricePerHour,
      Double utilizationPercent,
      Map<String, Double> cost,
      String quota) {}

  /** A cluster kept out, and why (tenancy fence, residency, selector, taints, capacity, quota). */
  record Rejected(String cluster, String reason) {}

  record Condition(
      String type, String status, String reason, String message, String lastTransitionTime) {}

  /** One resource of one FederatedResourceQuota of the namespace. */
  record QuotaUse(String quota, String resource, String used, String hard) {}

  /** A FederatedService in front of the workload, and its names. */
  record ServiceNames(String service, List<String> dnsNames) {}

  /**
   * One event of the workload's history.
   *
   * @param age how long ago it last happened, and for a repeated one how often over how long, as
   *     {@code kubectl describe} prints it: {@code 5m (x3 over 12m)}
   */
  record Event(
      String age,
      String type,
      String reason,
      String message,
      int count,
      String firstTimestamp,
      String lastTimestamp) {}

  static Explanation of(
      JsonNode workload,
      JsonNode placement,
      JsonNode quotas,
      JsonNode services,
      JsonNode events,
      Instant now) {
    List<Chosen> chosen = new ArrayList<>();
    List<Chosen> notChosen = new ArrayList<>();
    Map<String, Rejected> rejected = new LinkedHashMap<>();
    for (JsonNode verdict : Json.list(placement, "clusters")) {
      String cluster = Json.text(verdict, "cluster");
      int replicas = verdict.path("replicas").asInt();
      if (!verdict.path("candidate").asBoolean(true)) {
        rejected.put(cluster, new Rejected(cluster, Json.text(verdict, "reason")));
      } else if (replicas > 0) {
        chosen.add(chosen(verdict, "cost"));
      } else {
        notChosen.add(chosen(verdict, "nextReplica"));
      }
    }
    placement
        .path("filtered")
        .properties()
        .forEach(
            reason ->
                reason
                    .getValue()
                    .forEach(
                        c ->
                            rejected.putIfAbsent(
                                c.asText(), new Rejected(c.asText(), reason.getKey()))));
    List<String> problems =
        Json.list(placement, "problems").stream().map(JsonNode::asText).toList();
    return new Explanation(
        Json.text(workload, "metadata", "namespace"),
        Json.text(workload, "metadata", "name"),
        placement.path("workloadGeneration").isNumber()
            ? placement.path("workloadGeneration").longValue()
            : null,
        Json.text(placement, "decidedAt"),
        Json.text(placement, "outcome"),
        Json.text(placement, "summary"),
        chosen,
        notChosen,
        List.copyOf(rejected.values()),
        problems,
        Json.text(placement, "moving"),
        Json.list(workload, "status", "conditions").stream()
            .map(
                c ->
                    new Condition(
                        Json.text(c, "type"),
                        Json.text(c, "status"),
                        Json.text(c, "reason"),
                        Json.text(c, "message"),
                        Json.text(c, "lastTransitionTime")))
            .toList(),
        quotaUses(quotas),
        serviceNames(services, Json.text(workload, "metadata", "name")),
        events(events, now));
  }

  private static List<ServiceNames> serviceNames(JsonNode services, String workload) {
    return Json.list(services, "items").stream()
        .filter(service -> workload.equals(Json.text(service, "spec", "workload")))
        .map(
            service ->
                new ServiceNames(
                    Json.text(service, "metadata", "name"),
                    Json.list(service, "status", "dnsNames").stream()
                        .map(JsonNode::asText)
                        .toList()))
        .toList();
  }

  /** The newest {@link #EVENTS_SHOWN} events, oldest first. */
  static List<Event> events(JsonNode list, Instant now) {
    List<Event> events = new ArrayList<>();
    for (JsonNode event : Json.list(list, "items")) {
      int count = Math.max(1, event.path("count").asInt(1));
      String first = Json.text(event, "firstTimestamp");
      String last = Json.text(event, "lastTimestamp");
      String age = Ages.since(last, now);
      if (count > 1 && first != null) {
        age = age + " (x" + count + " over " + Ages.since(first, now) + ")";
      }
      events.add(
          new Event(
              age,
              Json.text(event, "type"),
              Json.text(event, "reason"),
              Json.text(event, "message"),
              count,
              first,
              last));
    }
    events.sort(
        Comparator.comparing((Event e) -> e.lastTimestamp() == null ? "" : e.lastTimestamp()));
    return List.copyOf(events.subList(Math.max(0, events.size() - EVENTS_SHOWN), events.size()));
  }

  private static Chosen chosen(JsonNode verdict, String costField) {
    Map<String, Double> cost = new LinkedHashMap<>();
    verdict
        .path(costField)
        .properties()
        .forEach(
            term -> {
              if (term.getValue().isNumber()) {
                cost.put(term.getKey(), term.getValue().doubleValue());
              }
            });
    return new Chosen(
        Json.text(verdict, "cluster"),
        verdict.path("replicas").asInt(),
        verdict.path("capacity").asInt(),
        Json.decimal(verdict, "pricePerHour"),
        Json.decimal(verdict, "utilizationPercent"),
        cost.isEmpty() ? null : cost,
        Json.text(verdict, "quota"));
  }

  private static List<QuotaUse> quotaUses(JsonNode quotas) {
    List<QuotaUse> uses = new ArrayList<>();
    for (JsonNode quota : Json.list(quotas, "items")) {
      String name = Json.text(quota, "metadata", "name");
      Set<String> resources = new LinkedHashSet<>();
      quota.path("status").path("hard").fieldNames().forEachRemaining(resources::add);
      quota.path("status").path("used").fieldNames().forEachRemaining(resources::add);
      for (String resource : resources) {
        uses.add(
            new QuotaUse(
                name,
                resource,
                Json.text(quota, "status", "used", resource),
                Json.text(quota, "status", "hard", resource)));
      }
    }
    return uses;
  }

  /** The explanation for people: a header, then one table per part that has rows. */
  String text() {
    StringBuilder text = new StringBuilder();
    text.append("Workload:   ")
        .append(namespace == null ? "clusterfederatedworkload/" : namespace + "/")
        .append(name);
    if (workloadGeneration != null) {
      text.append(" (generation ").append(workloadGeneration).append(')');
    }
    text.append('\n');
    line(text, "Decided:", decidedAt);
    line(text, "Outcome:", outcome);
    line(text, "Summary:", summary);
    line(text, "Moving:", moving);
    problems.forEach(problem -> line(text, "Problem:", problem));
    section(text, "Chosen clusters:", chosenTable(chosen, "COST TERMS"));
    section(text, "Not chosen (candidates):", chosenTable(notChosen, "COST OF ONE MORE"));
    Table rejections = new Table("CLUSTER", "WHY");
    rejected.forEach(r -> rejections.row(r.cluster(), r.reason()));
    section(text, "Rejected clusters:", rejections);
    Table conditionTable = new Table("TYPE", "STATUS", "REASON", "MESSAGE");
    conditions.forEach(c -> conditionTable.row(c.type(), c.status(), c.reason(), c.message()));
    section(text, "Conditions:", conditionTable);
    Table quotaTable = new Table("QUOTA", "RESOURCE", "USED", "HARD");
    quotas.forEach(q -> quotaTable.row(q.quota(), q.resource(), q.used(), q.hard()));
    section(text, "Quota use in " + namespace + ":", quotaTable);
    Table names = new Table("SERVICE", "NAME");
    services.forEach(s -> s.dnsNames().forEach(name -> names.row(s.service(), name)));
    section(text, "DNS names:", names);
    Table eventTable = new Table("AGE", "TYPE", "REASON", "MESSAGE");
    events.forEach(e -> eventTable.row(e.age(), e.type(), e.reason(), e.message()));
    section(text, "Events:", eventTable);
    return text.toString();
  }

  private static Table chosenTable(List<Chosen> clusters, String costHeader) {
    Table table =
        new Table("CLUSTER", "REPLICAS", "CAPACITY", "PRICE/H", "UTIL%", costHeader, "QUOTA");
    for (Chosen c : clusters) {
      table.row(
          c.cluster(),
          c.replicas(),
          c.capacity(),
          c.pricePerHour() == null ? null : format(c.pricePerHour(), 4),
          c.utilizationPercent() == null ? null : format(c.utilizationPercent(), 1),
          terms(c.cost()),
          c.quota());
    }
    return table;
  }

  /** The non-zero terms and their sum, e.g. {@code price 41.2 + utilization 0.4 = 41.6}. */
  static String terms(Map<String, Double> cost) {
    if (cost == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    double total = 0;
    for (Map.Entry<String, Double> term : cost.entrySet()) {
      total += term.getValue();
      if (term.getValue() != 0) {
        parts.add(term.getKey() + " " + format(term.getValue(), 2));
      }
    }
    return parts.isEmpty() ? "0" : String.join(" + ", parts) + " = " + format(total, 2);
  }

  private static String format(double value, int decimals) {
    return new BigDecimal(String.format(Locale.ROOT, "%." + decimals + "f", value))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static void line(StringBuilder text, String label, String value) {
    if (value != null) {
      text.append(String.format(Locale.ROOT, "%-12s%s%n", label, value));
    }
  }

  private static void section(StringBuilder text, String title, Table table) {
    if (!table.isEmpty()) {
      text.append('\n').append(title).append('\n').append(table);
    }
  }
}
