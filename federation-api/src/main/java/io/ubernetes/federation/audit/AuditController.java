package io.ubernetes.federation.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ListMeta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit log (admins only): {@code GET /api/v1/audit}, oldest first, page by page. */
@RestController
@Tag(name = "Audit", description = "Every change and every refused attempt, append-only")
class AuditController {
  private static final int DEFAULT_LIMIT = 500;
  private static final int MAX_LIMIT = 1000;
  private static final Set<String> OUTCOMES = Set.of("allowed", "denied", "failed");

  private final AuditRepository repository;

  AuditController(AuditRepository repository) {
    this.repository = repository;
  }

  /** A page of audit events; {@code metadata.continue} fetches the next. */
  record AuditEventList(
      String apiVersion, String kind, ListMeta metadata, List<AuditEvent> items) {}

  @Operation(summary = "The audit log, filtered, oldest first")
  @GetMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
  AuditEventList list(
      @RequestParam(required = false) String subject,
      @Parameter(description = "kind, e.g. FederatedWorkload") @RequestParam(required = false)
          String resource,
      @RequestParam(required = false) String namespace,
      @RequestParam(required = false) String name,
      @Parameter(description = "create, update, patch, delete, approve, ...")
          @RequestParam(required = false)
          String verb,
      @Parameter(description = "allowed, denied or failed") @RequestParam(required = false)
          String outcome,
      @Parameter(description = "RFC 3339 time, e.g. 2026-12-04T10:00:00Z")
          @RequestParam(required = false)
          String since,
      @Parameter(description = "page size, at most 1000") @RequestParam(required = false)
          Integer limit,
      @RequestParam(name = "continue", required = false) String continueToken) {
    if (outcome != null && !outcome.isBlank() && !OUTCOMES.contains(outcome)) {
      throw ApiException.badRequest("outcome", "must be allowed, denied or failed");
    }
    if (limit != null && (limit < 0 || limit > MAX_LIMIT)) {
      throw ApiException.badRequest("limit", "must be 0 to " + MAX_LIMIT + ", got " + limit);
    }
    int size = limit == null || limit == 0 ? DEFAULT_LIMIT : limit;
    List<AuditEvent> page =
        repository.page(
            new AuditRepository.Query(
                subject,
                resource,
                namespace,
                name,
                verb,
                outcome,
                since(since),
                after(continueToken),
                size + 1));
    String next = null;
    if (page.size() > size) {
      page = page.subList(0, size);
      next = encode(page.getLast().id());
    }
    return new AuditEventList(
        ApiObject.API_VERSION, "AuditEventList", new ListMeta(null, next), List.copyOf(page));
  }

  private static Instant since(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("since", "an RFC 3339 time such as 2026-12-04T10:00:00Z");
    }
  }

  private static String encode(long id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("audit\n" + id + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static long after(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    try {
      String[] parts =
          new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
      if (parts.length == 3 && parts[0].equals("audit") && parts[2].isEmpty()) {
        return Long.parseLong(parts[1]);
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw ApiException.badRequest("continue", "not a continue token issued by this server");
  }
}
