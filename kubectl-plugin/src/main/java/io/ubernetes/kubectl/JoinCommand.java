package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.Config;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code join NAME}: how a new member cluster joins. Against a real federation it asks for a fresh
 * join token bound to the cluster's name (an admin's call) and prints the commands that install the
 * member agent's Helm chart in that cluster (the join token's Secret and the {@code helm install}
 * line with the federation's URL and certificate authority from the kubeconfig context). Against
 * the sandbox, whose control API answers at {@code /sandbox/clusters} on the same server, it adds a
 * simulated cluster there and waits until the federation calls it Ready.
 */
@Command(
    name = "join",
    description =
        "Print the member agent chart's install commands for a new cluster; in the sandbox, add a"
            + " simulated cluster and wait until it is Ready.")
final class JoinCommand implements Callable<Integer> {
  static final String SANDBOX_CLUSTERS = "sandbox/clusters";
  static final String JOIN_TOKENS = "api/v1/jointokens";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String AGENT_NAMESPACE = "ubernetes-system";

  @ParentCommand Ubernetes ubernetes;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      description = "the cluster's name, a DNS-1123 label")
  String name;

  @Option(names = "--region", description = "its region (default: from its nodes' labels)")
  String region;

  @Option(names = "--zone", description = "its zone (default: from its nodes' labels)")
  String zone;

  @Option(names = "--tier", description = "its tier, e.g. cloud or onprem")
  String tier;

  @Option(names = "--provider", description = "its provider, e.g. aws or onprem")
  String provider;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "sandbox only: a label of its MemberCluster (repeat for more)")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(
      names = "--federation-url",
      paramLabel = "URL",
      description = "the URL the agent reaches the federation at (default: the context's server)")
  String federationUrl;

  @Option(
      names = "--join-token",
      paramLabel = "TOKEN",
      description =
          "the join token to put in the commands (default: a fresh one the federation issues for"
              + " this cluster, which needs an admin's credentials)")
  String joinToken;

  @Option(
      names = "--ttl",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description =
          "how long the fresh join token stays valid, e.g. 30m or 12h (at most 24h; default:"
              + " ${DEFAULT-VALUE})")
  String ttl;

  /** In the sandbox: whether and how long to wait until the cluster is Ready. */
  @Mixin Waiting waiting;

  @Override
  public Integer call() {
    try (FederationClient federation = ubernetes.federation()) {
      if (isSandbox(federation)) {
        return addToSandbox(federation);
      }
      spec.commandLine().getOut().print(installCommands(federation, issueToken(federation)));
      spec.commandLine().getOut().flush();
    }
    return Ubernetes.OK;
  }

  /** The sandbox's control API lists its simulated clusters; a real federation has none. */
  private static boolean isSandbox(FederationClient federation) {
    FederationClient.Answer answer = federation.exchange(SANDBOX_CLUSTERS);
    return answer.code() == 200 && answer.body().strip().startsWith("[");
  }

  private int addToSandbox(FederationClient federation) {
    ObjectNode cluster = JSON.createObjectNode().put("name", name);
    putIfGiven(cluster, "region", region);
    putIfGiven(cluster, "zone", zone);
    putIfGiven(cluster, "tier", tier);
    putIfGiven(cluster, "provider", provider);
    if (!labels.isEmpty()) {
      cluster.set("labels", JSON.valueToTree(labels));
    }
    federation.send(
        "POST",
        SANDBOX_CLUSTERS,
        "application/json",
        cluster.toString(),
        "sandbox cluster " + name);
    PrintWriter out = spec.commandLine().getOut();
    out.println("sandbox cluster " + name + " added");
    out.flush();
    if (!waiting.await) {
      return Ubernetes.OK;
    }
    Optional<JsonNode> ready =
        Polling.until(
            ubernetes.pollInterval,
            waiting.timeout,
            () -> {
              try {
                JsonNode member =
                    federation.get(
                        FederationClient.API + "memberclusters/" + FederationClient.segment(name),
                        "member cluster " + name);
                JsonNode condition = Json.condition(member, "Ready");
                return condition != null && "True".equals(Json.text(condition, "status"))
                    ? Optional.of(member)
                    : Optional.empty();
              } catch (FederationClient.NotFoundException e) {
                return Optional.empty();
              }
            });
    if (ready.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println("error: member cluster " + name + " is not Ready after " + waiting.timeout);
      return Ubernetes.FAILED;
    }
    out.println("membercluster/" + name + " Ready");
    out.flush();
    return Ubernetes.OK;
  }

  private static void putIfGiven(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  /** A join token the federation issued: it joins this cluster once, until it expires. */
  record IssuedToken(String token, String expiresAt) {}

  /**
   * A fresh join token bound to this cluster's name, unless {@code --join-token} gives one; null
   * when the federation issues none (a version without {@code /api/v1/jointokens}).
   */
  private IssuedToken issueToken(FederationClient federation) {
    if (joinToken != null) {
      return null;
    }
    ObjectNode request = JSON.createObjectNode().put("cluster", name).put("ttl", ttl);
    try {
      JsonNode issued =
          federation.send(
              "POST", JOIN_TOKENS, "application/json", request.toString(), "join token");
      return new IssuedToken(
          Json.text(issued, "token"), Json.text(issued, "metadata", "expiresAt"));
    } catch (FederationClient.NotFoundException e) {
      return null;
    }
  }

  /**
   * The shell commands a cluster's administrator runs with kubectl pointed at that cluster.
   *
   * @param issued the fresh join token to put in them; null for {@code --join-token}'s, or for
   *     {@code $UBERNETES_JOIN_TOKEN} when neither exists
   */
  String installCommands(FederationClient federation, IssuedToken issued) {
    Config config = federation.config();
    String url = federationUrl != null ? federationUrl : stripSlash(federation.server());
    String token =
        issued != null
            ? quote(issued.token())
            : joinToken != null ? quote(joinToken) : "\"$UBERNETES_JOIN_TOKEN\"";
    StringBuilder text = new StringBuilder();
    text.append("# Run with kubectl and helm pointed at the new cluster ")
        .append(name)
        .append(", from a checkout of Ubernetes.\n");
    if (issued != null) {
      text.append("# The join token joins cluster ")
          .append(name)
          .append(" once; it expires at ")
          .append(issued.expiresAt())
          .append(".\n");
    } else if (joinToken == null) {
      text.append(
          "# UBERNETES_JOIN_TOKEN: the federation's join token (printed at its first start and"
              + " kept in <data directory>/join-token).\n");
    }
    text.append("kubectl create namespace ").append(AGENT_NAMESPACE).append('\n');
    text.append("kubectl -n ")
        .append(AGENT_NAMESPACE)
        .append(" create secret generic ubernetes-join-token --from-literal=token=")
        .append(token)
        .append('\n');
    List<String> sets = new ArrayList<>();
    sets.add("--set federation.url=" + quote(url));
    sets.add("--set cluster.name=" + quote(name));
    setIfGiven(sets, "cluster.region", region);
    setIfGiven(sets, "cluster.zone", zone);
    setIfGiven(sets, "cluster.tier", tier);
    setIfGiven(sets, "cluster.provider", provider);
    if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
      text.append("echo ")
          .append(quote(config.getCaCertData().strip()))
          .append(" | base64 -d > ubernetes-ca.crt\n");
      sets.add("--set-file federation.ca.pem=ubernetes-ca.crt");
    } else if (config.getCaCertFile() != null && !config.getCaCertFile().isBlank()) {
      sets.add("--set-file federation.ca.pem=" + quote(config.getCaCertFile()));
    }
    text.append("helm -n ")
        .append(AGENT_NAMESPACE)
        .append(" install ")
        .append(name)
        .append(" helm/member-agent");
    sets.forEach(set -> text.append(" \\\n  ").append(set));
    return text.append('\n').toString();
  }

  private static void setIfGiven(List<String> sets, String key, String value) {
    if (value != null) {
      sets.add("--set " + key + "=" + quote(value));
    }
  }

  /** Single quotes for the shell, unless the value needs none. */
  private static String quote(String value) {
    return value.matches("[A-Za-z0-9_./:@=+-]+") ? value : "'" + value.replace("'", "'\\''") + "'";
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
