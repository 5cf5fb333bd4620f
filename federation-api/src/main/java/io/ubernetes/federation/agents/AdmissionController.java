package io.ubernetes.federation.agents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.cluster.MemberCluster;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators' decisions about clusters' agents. */
@RestController
@Tag(name = "MemberCluster")
class AdmissionController {
  private final Admissions admissions;

  AdmissionController(Admissions admissions) {
    this.admissions = admissions;
  }

  @Operation(
      summary =
          "Approve a cluster waiting to join; its agent gets its credential next time it asks")
  @PostMapping(
      path = "/api/v1/clusters/{name}:approve",
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  MemberCluster approve(@PathVariable String name) {
    return admissions.approve(name);
  }

  @Operation(summary = "Deny a cluster: its agent is refused and any credential stops working")
  @PostMapping(
      path = "/api/v1/clusters/{name}:deny",
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  MemberCluster deny(@PathVariable String name) {
    return admissions.deny(name);
  }

  @Operation(
      summary =
          "Revoke a cluster's credential at once; the next agent with the join token may join")
  @PostMapping(
      path = "/api/v1/clusters/{name}:rotate-credential",
      produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_YAML_VALUE})
  MemberCluster rotate(@PathVariable String name) {
    return admissions.rotate(name);
  }
}
