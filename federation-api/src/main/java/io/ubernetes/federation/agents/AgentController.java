package io.ubernetes.federation.agents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.JoinRequest;
import io.ubernetes.agent.protocol.JoinResponse;
import io.ubernetes.agent.protocol.Paths;
import io.ubernetes.agent.protocol.StatusReport;
import io.ubernetes.agent.protocol.WorkFeed;
import io.ubernetes.federation.resource.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * What member agents call: join with the join token; then, with their cluster's credential (see
 * {@link AgentCredentialAuthenticationProvider}), heartbeats, the work feed and status reports.
 */
@RestController
@Tag(name = "Agent", description = "The member agents' protocol (io.ubernetes.agent.protocol)")
class AgentController {
  private final Admissions admissions;
  private final Heartbeats heartbeats;
  private final WorkFeeds feeds;
  private final AgentReports reports;

  AgentController(
      Admissions admissions, Heartbeats heartbeats, WorkFeeds feeds, AgentReports reports) {
    this.admissions = admissions;
    this.heartbeats = heartbeats;
    this.feeds = feeds;
    this.reports = reports;
  }

  @Operation(
      summary = "Join: 200 with the credential, or 202 while an operator's approval is pending",
      description = "The join token is in the body: the call takes no bearer token")
  // No bearer token: Swagger UI's Authorize must not send the API token here.
  @SecurityRequirements
  @PostMapping(
      path = Paths.JOIN,
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<JoinResponse> join(@RequestBody JoinRequest request) {
    JoinResponse response = admissions.join(request);
    HttpStatus status =
        response.state() == JoinResponse.State.JOINED ? HttpStatus.OK : HttpStatus.ACCEPTED;
    return ResponseEntity.status(status).body(response);
  }

  @Operation(
      summary = "Rotate the cluster's credential: a new one, shown once; the old one stops working")
  @PostMapping(path = Paths.CREDENTIAL, produces = MediaType.APPLICATION_JSON_VALUE)
  JoinResponse rotateCredential(@PathVariable String cluster) {
    return admissions.renew(cluster);
  }

  @Operation(summary = "Renew the cluster's lease and report its capacity")
  @PutMapping(path = Paths.HEARTBEAT, consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void heartbeat(@PathVariable String cluster, @RequestBody Heartbeat heartbeat) {
    heartbeats.record(cluster, heartbeat);
  }

  @Operation(summary = "The cluster's work changed after a revision; waits up to 30 s for changes")
  @GetMapping(path = Paths.WORK, produces = MediaType.APPLICATION_JSON_VALUE)
  WorkFeed work(@PathVariable String cluster, @RequestParam(defaultValue = "0") long since)
      throws InterruptedException {
    if (since < 0) {
      throw ApiException.badRequest("since", "must not be negative");
    }
    return feeds.changesSince(cluster, since);
  }

  @Operation(summary = "Report how the cluster's workloads are doing")
  @PutMapping(path = Paths.STATUS, consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void status(@PathVariable String cluster, @RequestBody StatusReport report) {
    reports.accept(cluster, report);
  }
}
