package io.ubernetes.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small OpenID Connect provider on 127.0.0.1 for the dashboard's browser tests: discovery, its
 * JWK set, an authorization endpoint that signs in the {@linkplain #signInNext next user} at once
 * and sends the browser back with a code, and a token endpoint that gives that code for RS256 id
 * tokens only with the PKCE verifier of its challenge (S256), and renews them with a refresh token.
 * It answers the page's cross-origin requests as real providers configured for it do (CORS).
 */
final class OidcProvider implements AutoCloseable {
  static final String CLIENT_ID = "ubernetes-dashboard";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /**
   * Someone the provider knows.
   *
   * @param roles the {@code roles} claim; empty for none
   * @param namespaces the {@code namespaces} claim; empty for none
   * @param lifetime how long an id token lasts
   * @param refreshable whether a refresh token comes with it
   */
  record User(
      String subject,
      List<String> roles,
      List<String> namespaces,
      Duration lifetime,
      boolean refreshable) {
    User(String subject, List<String> roles, List<String> namespaces) {
      this(subject, roles, namespaces, Duration.ofHours(1), false);
    }
  }

  /** How the authorization endpoint answers. */
  enum Answer {
    /** As it should. */
    SIGN_IN,
    /** With another {@code state} than the page sent, as a forged answer would. */
    ANOTHER_STATE,
    /** With a code bound to another PKCE challenge, so the page's verifier cannot redeem it. */
    ANOTHER_CHALLENGE,
    /** With a code whose id token carries another nonce, as a replayed token would. */
    ANOTHER_NONCE
  }

  private record Grant(User user, String challenge, String nonce, String redirectUri) {}

  private final HttpServer server;
  private final RSAKey key;
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, User> refreshTokens = new ConcurrentHashMap<>();
  private volatile User next;
  private volatile Answer answer = Answer.SIGN_IN;
  final AtomicInteger exchanges = new AtomicInteger();
  final AtomicInteger refusedVerifiers = new AtomicInteger();
  final AtomicInteger refreshes = new AtomicInteger();

  OidcProvider() {
    try {
      key = new RSAKeyGenerator(2048).keyID("test").generate();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (JOSEException | IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  /** The issuer, as its tokens and its discovery document name it. */
  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The federation's settings that trust this provider and let the dashboard sign in with it. */
  Map<String, String> federationSettings() {
    return Map.of(
        "spring.security.oauth2.resourceserver.jwt.issuer-uri",
        issuer(),
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        issuer() + "/jwks",
        "spring.security.oauth2.resourceserver.jwt.audiences",
        CLIENT_ID,
        "ubernetes.dashboard.oidc.client-id",
        CLIENT_ID,
        "ubernetes.dashboard.oidc.scopes",
        "openid,profile,offline_access",
        "ubernetes.dashboard.oidc.name",
        "Test IdP");
  }

  /** Who the authorization endpoint signs in from now on, and how it answers. */
  void signInNext(User user, Answer how) {
    next = user;
    answer = how;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (origin != null) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
      }
      String path = exchange.getRequestURI().getPath();
      switch (exchange.getRequestMethod() + " " + path) {
        case "GET /.well-known/openid-configuration" -> json(exchange, 200, discovery());
        case "GET /jwks" -> json(exchange, 200, new JWKSet(key.toPublicJWK()).toJSONObject());
        case "GET /authorize" -> authorize(exchange, form(exchange.getRequestURI().getRawQuery()));
        case "OPTIONS /token" -> {
          exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
          exchange.sendResponseHeaders(204, -1);
        }
        case "POST /token" -> token(exchange, form(body(exchange)));
        default -> json(exchange, 404, Map.of("error", "not_found"));
      }
    }
  }

  private Map<String, Object> discovery() {
    return Map.of(
        "issuer", issuer(),
        "authorization_endpoint", issuer() + "/authorize",
        "token_endpoint", issuer() + "/token",
        "jwks_uri", issuer() + "/jwks",
        "response_types_supported", List.of("code"),
        "subject_types_supported", List.of("public"),
        "id_token_signing_alg_values_supported", List.of("RS256"),
        "code_challenge_methods_supported", List.of("S256"));
  }

  private void authorize(HttpExchange exchange, Map<String, String> query) throws IOException {
    String redirect = query.get("redirect_uri");
    boolean wellFormed =
        "code".equals(query.get("response_type"))
            && CLIENT_ID.equals(query.get("client_id"))
            && "S256".equals(query.get("code_challenge_method"))
            && query.get("code_challenge") != null
            && query.get("nonce") != null
            && query.get("state") != null
            && redirect != null
            && List.of(query.getOrDefault("scope", "").split(" ")).contains("openid");
    if (!wellFormed || next == null) {
      json(exchange, 400, Map.of("error", "invalid_request", "query", query));
      return;
    }
    String code = random();
    String challenge =
        answer == Answer.ANOTHER_CHALLENGE ? challengeOf(random()) : query.get("code_challenge");
    String nonce = answer == Answer.ANOTHER_NONCE ? random() : query.get("nonce");
    codes.put(code, new Grant(next, challenge, nonce, redirect));
    String state = answer == Answer.ANOTHER_STATE ? random() : query.get("state");
    exchange
        .getResponseHeaders()
        .set("Location", redirect + "?code=" + code + "&state=" + encode(state));
    exchange.sendResponseHeaders(302, -1);
  }

  private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
    if (!CLIENT_ID.equals(form.get("client_id"))) {
      json(exchange, 401, Map.of("error", "invalid_client"));
      return;
    }
    if ("refresh_token".equals(form.get("grant_type"))) {
      User user = refreshTokens.get(String.valueOf(form.get("refresh_token")));
      if (user == null) {
        json(exchange, 400, Map.of("error", "invalid_grant"));
        return;
      }
      refreshes.incrementAndGet();
      json(exchange, 200, tokens(user, null, form.get("refresh_token")));
      return;
    }
    Grant grant = codes.remove(String.valueOf(form.get("code")));
    if (!"authorization_code".equals(form.get("grant_type"))
        || grant == null
        || !grant.redirectUri().equals(form.get("redirect_uri"))) {
      json(exchange, 400, Map.of("error", "invalid_grant"));
      return;
    }
    String verifier = form.get("code_verifier");
    if (verifier == null || !challengeOf(verifier).equals(grant.challenge())) {
      refusedVerifiers.incrementAndGet();
      json(
          exchange,
          400,
          Map.of(
              "error",
              "invalid_grant",
              "error_description",
              "PKCE verification failed: the code verifier does not match the code challenge"));
      return;
    }
    exchanges.incrementAndGet();
    String refresh = grant.user().refreshable() ? random() : null;
    if (refresh != null) {
      refreshTokens.put(refresh, grant.user());
    }
    json(exchange, 200, tokens(grant.user(), grant.nonce(), refresh));
  }

  private Map<String, Object> tokens(User user, String nonce, String refreshToken) {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .issuer(issuer())
            .subject(user.subject())
            .audience(CLIENT_ID)
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(user.lifetime())))
            .claim("name", user.subject());
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (!user.roles().isEmpty()) {
      claims.claim("roles", user.roles());
    }
    if (!user.namespaces().isEmpty()) {
      claims.claim("namespaces", user.namespaces());
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Object> answer = new HashMap<>();
    answer.put("id_token", jwt.serialize());
    answer.put("access_token", random());
    answer.put("token_type", "Bearer");
    answer.put("expires_in", user.lifetime().toSeconds());
    if (refreshToken != null) {
      answer.put("refresh_token", refreshToken);
    }
    return answer;
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }

  private static String challengeOf(String verifier) {
    try {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(
              MessageDigest.getInstance("SHA-256")
                  .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
