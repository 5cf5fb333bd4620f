package io.ubernetes.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.ubernetes.kubectl.FederationClient.Answer;
import io.ubernetes.kubectl.FederationClient.FederationException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the service answers and is ready, its database included, from its readiness probe ({@code
 * /actuator/health/readiness}: open to anyone, it groups the service's own readiness with its
 * database's health); and how far this machine's clock is from the service's, by the answer's
 * {@code Date} header.
 */
final class ServiceCheck implements Checkup.Check {
  static final String SERVICE = "service";
  static final String CLOCK = "clock";
  private static final String READINESS = "actuator/health/readiness";

  private boolean answered;
  private Duration skew;

  /** Whether the service answered at all, in the last run. */
  boolean answered() {
    return answered;
  }

  /** How far the service's clock is ahead of this machine's; null when it does not tell. */
  Duration skew() {
    return skew;
  }

  @Override
  public List<Finding> run(Checkup checkup) {
    FederationClient federation = checkup.federation();
    Answer answer;
    try {
      answer = federation.exchange(READINESS);
    } catch (FederationException e) {
      return List.of(
          Finding.fail(
              SERVICE,
              e.getMessage(),
              "check that the service runs and that the kubeconfig context's server is its"
                  + " address: kubectl config view --minify"));
    }
    answered = true;
    Instant received = checkup.clock().instant();
    List<Finding> findings = new ArrayList<>();
    findings.add(readiness(federation.server(), answer, federation));
    Instant served = date(answer.date());
    if (served != null) {
      // The Date header has whole seconds: compare whole seconds.
      skew = Duration.between(received.truncatedTo(ChronoUnit.SECONDS), served);
      findings.add(
          ClockSkew.judge(
              CLOCK,
              "this machine's clock",
              -skew.toSeconds(),
              "synchronize the clocks of this machine and the service's host (NTP, chrony):"
                  + " tokens and certificates are judged by them"));
    }
    return findings;
  }

  private static Finding readiness(String server, Answer answer, FederationClient federation) {
    JsonNode health = answer.json();
    String status = Json.text(health, "status");
    if (answer.code() == 200 && "UP".equals(status)) {
      String db = Json.text(health, "components", "db", "status");
      return Finding.ok(
          SERVICE,
          server + " answers and is ready" + (db == null ? "" : "; its database is " + db));
    }
    if (answer.code() == 503 || "DOWN".equals(status) || "OUT_OF_SERVICE".equals(status)) {
      String db = Json.text(health, "components", "db", "status");
      if (db != null && !"UP".equals(db)) {
        return Finding.fail(
            SERVICE,
            server + " answers but its database is " + db,
            "check the PostgreSQL the service uses (spring.datasource.url) and the service's log");
      }
      return Finding.fail(
          SERVICE,
          server + " answers but is not ready (" + status + ")",
          "it may be starting or shutting down: look at the service's log");
    }
    // A service that does not expose its readiness: it answers, the database is not known.
    try {
      Answer version = federation.exchange("version");
      if (version.code() == 200) {
        return Finding.warn(
            SERVICE,
            server
                + " answers, but not on /"
                + READINESS
                + " (HTTP "
                + answer.code()
                + "), so its database could not be checked",
            "expose the probes: management.endpoint.health.probes.enabled=true");
      }
    } catch (FederationException e) {
      // Told below: it answered the first request, not this one.
    }
    return Finding.fail(
        SERVICE,
        server + " answers HTTP " + answer.code() + " to /" + READINESS,
        "is the kubeconfig context's server the federation? kubectl config view --minify");
  }

  /** The {@code Date} header's instant, or null when absent or unreadable. */
  private static Instant date(String header) {
    if (header == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(header, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
