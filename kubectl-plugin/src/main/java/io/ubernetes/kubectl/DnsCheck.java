package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.ubernetes.kubectl.FederationClient.Answer;
import io.ubernetes.kubectl.FederationClient.FederationException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Whether the federation's DNS server answers: for the first federated service's name, or for its
 * zone's SOA when there is no service yet. It asks where {@code --dns} says, else where the service
 * says its DNS server listens ({@code dns} in {@code GET /actuator/info}); a wildcard listen
 * address means the kubeconfig server's host.
 */
final class DnsCheck implements Checkup.Check {
  static final String DNS = "dns";
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  @Override
  public List<Finding> run(Checkup checkup) {
    FederationClient federation = checkup.federation();
    JsonNode info = info(federation);
    InetSocketAddress server = checkup.dns();
    if (server == null) {
      if (info == null || !Json.at(info, "dns").isObject()) {
        return List.of(
            Finding.warn(
                DNS,
                "the service does not say where its DNS server listens (no dns in /actuator/info)",
                "give its address: kubectl ubernetes doctor --dns HOST:PORT"));
      }
      if (!Json.at(info, "dns", "enabled").asBoolean()) {
        return List.of(
            Finding.ok(
                DNS,
                "the service serves no DNS itself (ubernetes.dns.enabled=false); check the DNS"
                    + " server that follows its records with --dns HOST:PORT"));
      }
      try {
        server = listening(info, federation.server());
      } catch (UnknownHostException e) {
        return List.of(
            Finding.fail(DNS, "cannot resolve " + e.getMessage(), "give it: --dns HOST:PORT"));
      }
    }
    String name = serviceName(federation);
    int type = DnsQuery.A;
    if (name == null) {
      name = info == null ? "ubernetes.local" : Json.text(info, "dns", "domain");
      name = name == null ? "ubernetes.local" : name;
      type = DnsQuery.SOA;
    }
    String where = server.getAddress().getHostAddress() + ":" + server.getPort();
    DnsQuery.Result result;
    try {
      result = DnsQuery.ask(server, name, type, TIMEOUT);
    } catch (SocketTimeoutException e) {
      return List.of(
          Finding.fail(
              DNS,
              where + " did not answer for " + name + " within " + TIMEOUT.toSeconds() + "s",
              "check that the DNS server runs (ubernetes.dns.*) and that UDP to "
                  + where
                  + " is not blocked"));
    } catch (IOException e) {
      return List.of(
          Finding.fail(
              DNS, "cannot ask " + where + ": " + e.getMessage(), "check --dns HOST:PORT"));
    }
    String kind = type == DnsQuery.SOA ? " SOA" : "";
    if (result.rcode() == 0 && result.answers() > 0) {
      return List.of(
          Finding.ok(
              DNS,
              where
                  + " answers "
                  + name
                  + kind
                  + " ("
                  + result.answers()
                  + (result.answers() == 1 ? " record)" : " records)")));
    }
    if (result.rcode() == 0 || result.rcode() == 3) {
      return List.of(
          Finding.warn(
              DNS,
              where + " answers, but has no address for " + name + " (" + result.rcodeName() + ")",
              "the service may have no healthy endpoint: kubectl get federatedservices -A -o wide"));
    }
    return List.of(
        Finding.fail(
            DNS,
            where + " answered " + name + kind + " with " + result.rcodeName(),
            "look at the service's log for its DNS server"));
  }

  /** The service's {@code /actuator/info}, or null when it does not answer it. */
  private static JsonNode info(FederationClient federation) {
    try {
      Answer answer = federation.exchange("actuator/info");
      return answer.code() == 200 ? answer.json() : null;
    } catch (FederationException e) {
      return null;
    }
  }

  private static InetSocketAddress listening(JsonNode info, String server)
      throws UnknownHostException {
    String address = Json.text(info, "dns", "address");
    int port = Json.at(info, "dns", "port").asInt(53);
    InetAddress host = address == null ? null : InetAddress.getByName(address);
    if (host == null || host.isAnyLocalAddress()) {
      host = InetAddress.getByName(URI.create(server).getHost());
    }
    return new InetSocketAddress(host, port);
  }

  /** The first name of the first federated service that has one, or null. */
  private static String serviceName(FederationClient federation) {
    try {
      for (JsonNode service : Json.list(federation.services(), "items")) {
        JsonNode name = Json.at(service, "status", "dnsNames").path(0);
        if (name.isTextual()) {
          return name.asText();
        }
      }
    } catch (FederationException e) {
      // Then the zone's SOA tells whether the server answers.
    }
    return null;
  }
}
