package io.ubernetes.federation.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.ApiObject;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Join tokens for new member clusters (admins only): {@code /api/v1/jointokens}. */
@RestController
@RequestMapping(path = "/api/v1/jointokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(
    name = "JoinToken",
    description = "Expiring, single-use tokens a member agent joins with, one per new cluster")
class JoinTokenController {
  private final IssuedJoinTokens tokens;

  JoinTokenController(IssuedJoinTokens tokens) {
    this.tokens = tokens;
  }

  /** The tokens, without their secrets. */
  record JoinTokenList(String apiVersion, String kind, List<JoinToken> items) {}

  @Operation(
      summary = "Issue a join token; the answer's `token` is shown this once and never again",
      description =
          "cluster: the only cluster name it joins (optional); ttl: how long it stays valid (1h"
              + " unless given, at most 24h). It joins one cluster once.")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  IssuedJoinTokens.Issued create(@RequestBody IssuedJoinTokens.Request request) {
    return tokens.create(request, Callers.current().orElseThrow());
  }

  @Operation(summary = "List the join tokens (metadata only)")
  @GetMapping
  JoinTokenList list() {
    return new JoinTokenList(ApiObject.API_VERSION, "JoinTokenList", tokens.list());
  }

  @Operation(summary = "Revoke a join token, effective at once")
  @DeleteMapping("/{id}")
  JoinToken revoke(@PathVariable String id) {
    return tokens.revoke(id);
  }
}
