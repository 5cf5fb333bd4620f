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

/** API tokens (admins only): {@code /api/v1/tokens}. */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "ApiToken", description = "Bearer tokens for set-ups without an identity provider")
class ApiTokenController {
  private final ApiTokens tokens;

  ApiTokenController(ApiTokens tokens) {
    this.tokens = tokens;
  }

  /** The tokens, without their secrets. */
  record TokenList(String apiVersion, String kind, List<ApiToken> items) {}

  @Operation(
      summary = "Issue a token; the answer's `token` is shown this once and never again",
      description =
          "role: viewer, operator or admin; namespaces: empty for all; expiresIn (30d, 12h, P30D)"
              + " or expiresAt")
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  ApiTokens.Issued create(@RequestBody ApiTokens.Request request) {
    return tokens.create(request, Callers.current().orElseThrow());
  }

  @Operation(summary = "List the tokens (metadata only)")
  @GetMapping
  TokenList list() {
    return new TokenList(ApiObject.API_VERSION, "ApiTokenList", tokens.list());
  }

  @Operation(summary = "Revoke a token, effective at once")
  @DeleteMapping("/{id}")
  ApiToken revoke(@PathVariable String id) {
    return tokens.revoke(id);
  }
}
