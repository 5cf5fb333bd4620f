package io.ubernetes.benchmark.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The fleet the dashboard is measured on. Clusters and workloads are created through the API, as
 * clients create them (validated, stored, audited, in the watches' event log). Their statuses are
 * what agents and the scheduler would write after weeks of running a fleet this size, which no
 * machine here can host; they are written straight into the {@code status} column of the same rows,
 * in the shape the API serves: every cluster Ready with capacity used and free, every workload's
 * six replicas placed and ready two by two on three clusters.
 */
final class DashboardSeed {
  static final int REGIONS = 20;
  static final int ZONES_PER_REGION = 5;
  static final int APPS = 50;
  private static final int CONCURRENCY = 8;

  private static final String CLUSTER =
      """
      {"apiVersion": "ubernetes.io/v1", "kind": "MemberCluster",
       "metadata": {"name": "%s"},
       "spec": {"region": "%s", "zone": "%s", "provider": "%s", "tier": "cloud",
                "cost": {"cpuCoreHour": 0.031, "memoryGiBHour": 0.004}}}
      """;
  private static final String WORKLOAD =
      """
      {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
       "metadata": {"name": "%s", "labels": {"app": "%s", "team": "%s"}},
       "spec": {"replicas": 6,
                "template": {"apiVersion": "apps/v1", "kind": "Deployment",
                             "spec": {"selector": {"matchLabels": {"app": "%2$s"}},
                                      "template": {"metadata": {"labels": {"app": "%2$s"}},
                                                   "spec": {"containers": [{"name": "app", "image": "nginx:1.27",
                                                            "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}}}]}}}},
                "placement": {"spread": [{"topologyKey": "topology.kubernetes.io/zone", "minGroups": 3}]}}}
      """;

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  DashboardSeed(String base, String token) {
    this.base = base;
    this.token = token;
  }

  static String clusterName(int i) {
    return "cluster-%04d".formatted(i);
  }

  static String workloadName(int i) {
    return "w-%05d".formatted(i);
  }

  static String app(int i) {
    return "app-%02d".formatted(i % APPS);
  }

  static String region(int i) {
    return "region-%02d".formatted(i % REGIONS);
  }

  void clusters(int count) throws Exception {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String region = region(i);
      requests.add(
          new Request(
              "/api/v1/clusters",
              CLUSTER.formatted(
                  clusterName(i),
                  region,
                  region + "-" + (char) ('a' + (i / REGIONS) % ZONES_PER_REGION),
                  i % 3 == 0 ? "aws" : i % 3 == 1 ? "gcp" : "azure")));
    }
    send(requests);
  }

  void workloads(int count, int namespaces) throws Exception {
    List<Request> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      requests.add(
          new Request(
              "/api/v1/namespaces/ns-%03d/workloads".formatted(i % namespaces),
              WORKLOAD.formatted(workloadName(i), app(i), "team-" + (i % 10))));
    }
    send(requests);
  }

  /** The statuses a running fleet would have; see the class comment. */
  static void statuses(DataSource dataSource, int clusters) {
    JdbcClient database = JdbcClient.create(dataSource);
    database
        .sql(
            """
            update resources set status = jsonb_build_object(
              'conditions', jsonb_build_array(jsonb_build_object('type', 'Ready', 'status', 'True',
                'reason', 'AgentHeartbeat', 'message', 'the agent reports in time',
                'lastTransitionTime', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))),
              'lastHeartbeatTime', to_char(now() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
              'allocatable', jsonb_build_object('cpu', '64', 'memory', '256Gi', 'pods', '1100'),
              'allocated', jsonb_build_object('cpu', '12', 'memory', '48Gi', 'pods', '90'),
              'kubernetesVersion', 'v1.35.2', 'agentVersion', 'benchmark')
            where kind = 'MemberCluster'
            """)
        .update();
    database
        .sql(
            """
            with numbered as (
              select uid, cast(substring(name from 3) as integer) as i from resources
              where kind = 'FederatedWorkload')
            update resources r set status = jsonb_build_object(
              'observedGeneration', 1,
              'conditions', jsonb_build_array(
                jsonb_build_object('type', 'Scheduled', 'status', 'True', 'reason', 'Placed',
                  'message', '6/6 replicas placed'),
                jsonb_build_object('type', 'Ready', 'status', 'True', 'reason', 'Ready',
                  'message', '6/6 replicas ready')),
              'clusters', (select jsonb_agg(jsonb_build_object(
                  'name', 'cluster-' || lpad(cast((n.i * 7 + k * 337) % :clusters as text), 4, '0'),
                  'replicas', 2, 'updatedReplicas', 2, 'readyReplicas', 2, 'availableReplicas', 2,
                  'health', 'Healthy'))
                from generate_series(0, 2) k),
              'desiredReplicas', 6, 'replicas', 6, 'updatedReplicas', 6, 'readyReplicas', 6,
              'availableReplicas', 6)
            from numbered n where r.uid = n.uid
            """)
        .param("clusters", clusters)
        .update();
  }

  private record Request(String path, String body) {}

  private void send(List<Request> requests) throws Exception {
    Semaphore inFlight = new Semaphore(CONCURRENCY);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Request request : requests) {
        inFlight.acquire();
        answers.add(
            clients.submit(
                () -> {
                  try {
                    return http.send(
                        HttpRequest.newBuilder(URI.create(base + request.path()))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(request.body()))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                  } finally {
                    inFlight.release();
                  }
                }));
      }
    }
    for (Future<HttpResponse<String>> answer : answers) {
      if (answer.get().statusCode() != 201) {
        throw new IllegalStateException(
            "a create answered " + answer.get().statusCode() + ": " + answer.get().body());
      }
    }
  }
}
