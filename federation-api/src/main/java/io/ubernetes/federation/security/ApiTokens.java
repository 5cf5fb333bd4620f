package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Role;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.AuditHook;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.KubernetesValidation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issues, lists, revokes and checks API tokens. */
@Service
class ApiTokens {
  static final String KIND = "ApiToken";
  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,6})([smhd])");

  /**
   * What an admin asks for; {@code expiresIn} (e.g. {@code 30d}, {@code PT12H}) or {@code
   * expiresAt}.
   */
  record Request(
      String name,
      String role,
      List<String> namespaces,
      List<String> clusterSets,
      String expiresIn,
      Instant expiresAt) {}

  /** A new token: shown once, in this answer only. */
  record Issued(String token, ApiToken metadata) {}

  /** Why a presented token was not accepted. */
  enum Refusal {
    UNKNOWN,
    EXPIRED,
    REVOKED
  }

  private final ApiTokenRepository repository;
  private final SecurityProperties properties;
  private final AuditHook audit;
  private final Clock clock;

  ApiTokens(
      ApiTokenRepository repository, SecurityProperties properties, AuditHook audit, Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  Issued create(Request request, Caller creator) {
    Instant now = clock.instant();
    List<FieldError> errors = new ArrayList<>();
    String name = request.name();
    if (name == null || name.isBlank() || name.length() > 128) {
      errors.add(new FieldError("name", "required, at most 128 characters"));
    }
    Optional<Role> role = Role.parse(request.role());
    if (role.isEmpty()) {
      errors.add(new FieldError("role", "must be one of viewer, operator, admin"));
    }
    List<String> namespaces = request.namespaces() == null ? List.of() : request.namespaces();
    for (int i = 0; i < namespaces.size(); i++) {
      if (!KubernetesValidation.isDnsLabel(namespaces.get(i))) {
        errors.add(new FieldError("namespaces[" + i + "]", "must be a DNS-1123 label"));
      }
    }
    if (role.orElse(null) == Role.ADMIN && !namespaces.isEmpty()) {
      errors.add(
          new FieldError("namespaces", "admin tokens reach every namespace; leave it empty"));
    }
    List<String> clusterSets = clusterSets(request, role.orElse(null), errors);
    Instant expiresAt = expiry(request, now, errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(KIND, name, errors);
    }
    String id = TokenSecrets.newId();
    String secret = TokenSecrets.newSecret();
    String salt = TokenSecrets.newSalt();
    ApiToken token =
        new ApiToken(
            id,
            name,
            role.get().wireName(),
            namespaces.stream().distinct().sorted().toList(),
            clusterSets,
            now,
            creator.subject(),
            expiresAt,
            null);
    repository.insert(token, salt, TokenSecrets.hash(salt, secret));
    audit.recordChange("create", KIND, null, id, null, null);
    return new Issued(TokenSecrets.token(id, secret), token);
  }

  List<ApiToken> list() {
    return repository.list();
  }

  /** Revokes a token; requests carrying it are refused from the next one on. */
  @Transactional
  ApiToken revoke(String id) {
    ApiToken token =
        repository
            .load(id)
            .map(ApiTokenRepository.Stored::token)
            .orElseThrow(() -> ApiException.notFound(KIND, null, id));
    if (token.revokedAt() == null) {
      repository.revoke(id, clock.instant());
    }
    audit.recordChange("delete", KIND, null, id, null, null);
    return repository.load(id).orElseThrow().token();
  }

  /** The caller a token stands for, or why it does not stand for anyone. */
  sealed interface Check {
    record Accepted(Caller caller) implements Check {}

    record Refused(Refusal refusal) implements Check {}
  }

  Check check(String presented) {
    TokenSecrets.Parsed parsed = TokenSecrets.parse(presented);
    if (parsed == null) {
      return new Check.Refused(Refusal.UNKNOWN);
    }
    Optional<ApiTokenRepository.Stored> stored = repository.find(parsed.id());
    if (stored.isEmpty()
        || !TokenSecrets.same(
            stored.get().hash(), TokenSecrets.hash(stored.get().salt(), parsed.secret()))) {
      return new Check.Refused(Refusal.UNKNOWN);
    }
    ApiToken token = stored.get().token();
    if (token.revokedAt() != null) {
      return new Check.Refused(Refusal.REVOKED);
    }
    if (token.expiresAt() != null && !clock.instant().isBefore(token.expiresAt())) {
      return new Check.Refused(Refusal.EXPIRED);
    }
    return new Check.Accepted(
        Caller.user(
            token.name(),
            token.id(),
            Role.parse(token.role()).orElseThrow(),
            java.util.Set.copyOf(token.namespaces()),
            java.util.Set.copyOf(token.clusterSets())));
  }

  /**
   * The sets an operator token may bind: names of cluster sets (which need not exist yet), for an
   * operator only, since a viewer writes nothing and an admin binds any set.
   */
  private static List<String> clusterSets(Request request, Role role, List<FieldError> errors) {
    List<String> sets = request.clusterSets() == null ? List.of() : request.clusterSets();
    for (int i = 0; i < sets.size(); i++) {
      if (!KubernetesValidation.isDnsSubdomain(sets.get(i))) {
        errors.add(
            new FieldError("clusterSets[" + i + "]", "must be a cluster set's name (DNS-1123)"));
      }
    }
    if (!sets.isEmpty() && role != null && role != Role.OPERATOR) {
      errors.add(
          new FieldError(
              "clusterSets",
              role == Role.ADMIN
                  ? "admin tokens bind every cluster set; leave it empty"
                  : "only operator tokens bind cluster sets; leave it empty"));
    }
    return sets.stream().distinct().sorted().toList();
  }

  private Instant expiry(Request request, Instant now, List<FieldError> errors) {
    Duration max = properties.maxTokenLifetime();
    if (request.expiresIn() != null && request.expiresAt() != null) {
      errors.add(new FieldError("expiresIn", "give expiresIn or expiresAt, not both"));
      return null;
    }
    if (request.expiresAt() != null) {
      if (!request.expiresAt().isAfter(now)) {
        errors.add(new FieldError("expiresAt", "must be in the future"));
      } else if (request.expiresAt().isAfter(now.plus(max))) {
        errors.add(new FieldError("expiresAt", "at most " + max.toDays() + " days from now"));
      }
      return request.expiresAt();
    }
    if (request.expiresIn() == null) {
      errors.add(new FieldError("expiresIn", "required (e.g. 30d, 12h), or give expiresAt"));
      return null;
    }
    Duration lifetime = duration(request.expiresIn());
    if (lifetime == null || lifetime.isNegative() || lifetime.isZero()) {
      errors.add(
          new FieldError(
              "expiresIn",
              "a positive duration such as 30d, 12h, 90m or P30D, got \""
                  + request.expiresIn()
                  + "\""));
      return null;
    }
    if (lifetime.compareTo(max) > 0) {
      errors.add(new FieldError("expiresIn", "at most " + max.toDays() + " days"));
      return null;
    }
    return now.plus(lifetime);
  }

  /**
   * A duration as {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or ISO-8601; null if neither.
   */
  static Duration duration(String value) {
    Matcher simple = SIMPLE_DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      return switch (simple.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
