package io.ubernetes.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every table of the schema has one class that owns it: the only class whose SQL writes it, and the
 * only one that reads it, but for the few read-only joins listed here, each with the reason one
 * statement beats a read through the owner. Read from the sources: the SQL in their string literals
 * and text blocks.
 */
class TableOwnershipTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Path MIGRATIONS = Path.of("../db/migrations");

  private static final Map<String, String> OWNERS =
      Map.ofEntries(
          Map.entry("resources", "ResourceTable"),
          Map.entry("resource_events", "ResourceEvents"),
          Map.entry("placement_decisions", "PlacementRepository"),
          Map.entry("placement_ledger", "PlacementRepository"),
          Map.entry("unschedulable_holds", "PlacementRepository"),
          Map.entry("scheduler_lease", "SchedulerLeadership"),
          Map.entry("agent_reports", "WorkloadReports"),
          Map.entry("cluster_work", "WorkStore"),
          Map.entry("workload_revisions", "WorkloadRevisions"),
          Map.entry("workload_rollouts", "RolloutStore"),
          Map.entry("rollout_clusters", "RolloutStore"),
          Map.entry("agent_credentials", "AgentCredentials"),
          Map.entry("federation_settings", "JoinTokens"),
          Map.entry("api_tokens", "ApiTokenRepository"),
          Map.entry("join_tokens", "JoinTokenRepository"),
          Map.entry("audit_events", "AuditRepository"),
          Map.entry("workload_charges", "WorkloadCharges"),
          Map.entry("workload_events", "WorkloadEvents"),
          Map.entry("cluster_leases", "ClusterLeases"));

  /**
   * Classes that read a table they do not own, in one statement with their own: table, then class.
   */
  private static final Map<String, Set<String>> JOINED_READERS =
      Map.of(
          // The scheduler's index of workloads gives each workload's generation and the revision
          // of the policy it refers to, which it compares with its decision: one statement of
          // narrow rows, where reads through the owners would decode every workload and policy
          // on every pass.
          // The quota ledger sums what each namespace's workloads use by their stored decisions:
          // the ledger holds the shares, the workloads' rows their namespaces, in one statement per
          // pass; it reads the quotas and the cluster sets they limit there too, with no strategy
          // of theirs, as the scheduler reads its policies.
          "resources", Set.of("PlacementRepository", "QuotaLedger"),
          "placement_ledger", Set.of("QuotaLedger"),
          // The capacity ledger counts, where a member's autoscaler owns a workload's replicas,
          // what
          // the member reports it runs: the work says whose the replicas are, the report how many.
          "cluster_work", Set.of("PlacementRepository"),
          "agent_reports", Set.of("PlacementRepository"),
          // A rollout behind its workload's newest revision (an override policy or a shared
          // ConfigMap changed, no generation did) is found with the rollouts in progress, in one
          // statement on the revisions' primary key. The scheduler's index gives each workload's
          // newest revision with it, so that a workload an override policy changed is placed again
          // at the request it now asks for: one lookup on that key per row of the same statement.
          "workload_revisions", Set.of("RolloutStore", "PlacementRepository"));

  private static final Pattern STRING =
      Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
  private static final Pattern NAMED =
      Pattern.compile(
          "\\b(from|join|into|update|using|delete\\s+from)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WRITE =
      Pattern.compile("\\b(?:into|update|delete\\s+from)\\s+(\\w+)", Pattern.CASE_INSENSITIVE);

  private static Set<String> tables;
  private static Map<String, Set<String>> readers;
  private static Map<String, Set<String>> writers;

  @BeforeAll
  static void readSources() throws IOException {
    tables = new TreeSet<>();
    Pattern create = Pattern.compile("create\\s+table\\s+(\\w+)", Pattern.CASE_INSENSITIVE);
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
        Matcher matcher = create.matcher(Files.readString(file));
        while (matcher.find()) {
          tables.add(matcher.group(1).toLowerCase());
        }
      }
    }
    readers = new TreeMap<>();
    writers = new TreeMap<>();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(SOURCES)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).toList();
    }
    for (Path source : sources) {
      String name = source.getFileName().toString().replace(".java", "");
      StringBuilder sql = new StringBuilder();
      Matcher literal = STRING.matcher(Files.readString(source));
      while (literal.find()) {
        sql.append(literal.group(1) != null ? literal.group(1) : literal.group(2)).append(' ');
      }
      collect(NAMED, 2, sql, name, readers);
      collect(WRITE, 1, sql, name, writers);
    }
  }

  private static void collect(
      Pattern pattern, int group, CharSequence sql, String name, Map<String, Set<String>> into) {
    Matcher matcher = pattern.matcher(sql);
    while (matcher.find()) {
      String table = matcher.group(group).toLowerCase();
      if (tables.contains(table)) {
        into.computeIfAbsent(table, t -> new TreeSet<>()).add(name);
      }
    }
  }

  @Test
  void everyTableHasAnOwner() {
    assertThat(tables).as("the schema's tables").isNotEmpty();
    assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(tables);
  }

  @Test
  void onlyItsOwnerWritesATable() {
    Map<String, Set<String>> expected = new TreeMap<>();
    writers.keySet().forEach(table -> expected.put(table, Set.of(OWNERS.get(table))));
    assertThat(writers).isEqualTo(expected);
    assertThat(writers).as("tables the service writes").isNotEmpty();
  }

  @Test
  void onlyItsOwnerReadsATableButForTheListedJoins() {
    Map<String, Set<String>> expected = new TreeMap<>();
    for (String table : readers.keySet()) {
      Set<String> allowed = new TreeSet<>(JOINED_READERS.getOrDefault(table, Set.of()));
      allowed.add(OWNERS.get(table));
      expected.put(table, allowed);
    }
    assertThat(readers).isEqualTo(expected);
    assertThat(readers.keySet())
        .as("every table is read")
        .containsExactlyInAnyOrderElementsOf(tables);
  }
}
