package io.ubernetes.sandbox;

import io.ubernetes.federation.cluster.MemberClusterStrategy;
import io.ubernetes.sandbox.cluster.SavedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/** What a start of the sandbox tells its user besides the clusters it runs. */
final class StartReport {
  private static final Logger log = LoggerFactory.getLogger(StartReport.class);

  private StartReport() {}

  /**
   * Saved clusters this start leaves out, in the log; those the federation still knows go into the
   * banner too.
   */
  static List<Banner.LeftOut> leftOut(Sandbox current, List<SavedCluster> leftOut) {
    List<Banner.LeftOut> known = new ArrayList<>();
    for (SavedCluster cluster : leftOut) {
      Path kept = current.states().directory(cluster.name()).toAbsolutePath();
      if (current.admin().cluster(cluster.name()).isEmpty()) {
        log.info(
            "Simulated cluster {} of an earlier start is not started (not in --clusters or"
                + " --config); its objects are kept in {}",
            cluster.name(),
            kept);
        continue;
      }
      String delete =
          "curl -s -X DELETE -H \"Authorization: Bearer $TOKEN\" "
              + current.admin().url().resolve("/api/v1/clusters/" + cluster.name());
      log.warn(
          "Simulated cluster {} of an earlier start is not started (not in --clusters or --config);"
              + " its objects are kept in {}. The federation still knows it: it turns Unknown"
              + " without heartbeats, and its replicas move to other clusters once the failover"
              + " grace period is over. Name it again to bring it back, or remove it from the"
              + " federation: {}",
          cluster.name(),
          kept,
          delete);
      known.add(new Banner.LeftOut(cluster.name(), kept, delete));
    }
    return known;
  }

  /**
   * Members the federation knows that no agent ever spoke for and that this sandbox does not
   * simulate, nor did (those are {@linkplain #leftOut left out}): clusters registered by hand, each
   * with the command that gives it a simulated cluster, its location as registered.
   */
  static List<Banner.WithoutAgent> withoutAgent(Sandbox current) {
    List<Banner.WithoutAgent> members = new ArrayList<>();
    for (JsonNode cluster : current.admin().clusters()) {
      String name = cluster.at("/metadata/name").asString();
      if (current.cluster(name).isPresent()
          || Files.exists(current.states().directory(name))
          || !neverConnected(cluster)) {
        continue;
      }
      StringBuilder fields = new StringBuilder("{\"name\": \"").append(name).append('"');
      for (String field : List.of("region", "zone", "provider", "tier")) {
        String value = cluster.path("spec").path(field).asString("");
        if (!value.isEmpty()) {
          fields.append(", \"").append(field).append("\": \"").append(value).append('"');
        }
      }
      fields.append('}');
      members.add(
          new Banner.WithoutAgent(
              name,
              "curl -s "
                  + current.admin().url().resolve("/sandbox/clusters")
                  + " -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json'"
                  + " -d '"
                  + fields
                  + "'"));
    }
    return members;
  }

  private static boolean neverConnected(JsonNode cluster) {
    for (JsonNode condition : cluster.at("/status/conditions")) {
      if ("Ready".equals(condition.path("type").asString())) {
        return MemberClusterStrategy.NEVER_CONNECTED.equals(condition.path("reason").asString());
      }
    }
    return false;
  }

  /**
   * Names for the banner's examples that nothing has yet: pasted as they are, they create a new
   * workload and service, and add a new cluster, on the first start as on later ones.
   */
  static Banner.Examples examples(Sandbox current) {
    FederationAdmin admin = current.admin();
    String workload =
        free(
            "web",
            name ->
                !admin.exists("workloads", Banner.NAMESPACE, name)
                    && !admin.exists("services", Banner.NAMESPACE, name));
    String cluster =
        free(
            "onprem-muc",
            name ->
                current.cluster(name).isEmpty()
                    && !Files.exists(current.states().directory(name))
                    && admin.cluster(name).isEmpty());
    return new Banner.Examples(workload, cluster);
  }

  private static String free(String base, Predicate<String> free) {
    for (int i = 1; i < 100; i++) {
      String name = i == 1 ? base : base + "-" + i;
      if (free.test(name)) {
        return name;
      }
    }
    return base + "-" + System.currentTimeMillis() % 100_000;
  }
}
