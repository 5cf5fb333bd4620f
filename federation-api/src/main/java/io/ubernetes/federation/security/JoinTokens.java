package io.ubernetes.federation.security;

import io.ubernetes.federation.resource.ApiException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The federation's join token, kept only as a hash. A configured token replaces the stored hash;
 * without one, the first start generates a token, prints it once in the log and writes it to {@code
 * <data directory>/join-token}, readable by its owner only.
 */
@Component
public class JoinTokens implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(JoinTokens.class);
  private static final String KEY = "join_token_hash";

  private final JdbcClient jdbc;
  private final JoinProperties properties;
  private final IssuedJoinTokens issued;

  JoinTokens(JdbcClient jdbc, JoinProperties properties, IssuedJoinTokens issued) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.issued = issued;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments arguments) {
    if (properties.joinToken() != null && !properties.joinToken().isBlank()) {
      store(TokenSecrets.hash(properties.joinToken()));
      return;
    }
    if (storedHash() != null) {
      return;
    }
    String token = TokenSecrets.generate(TokenSecrets.JOIN_PREFIX);
    store(TokenSecrets.hash(token));
    Path file = properties.dataDirectory().resolve("join-token");
    TokenSecrets.writeFile(file, token, "the join token");
    // Printed once, as the issue of a first start; never again.
    log.info(
        "join token: {} (also in {}, readable by its owner only)", token, file.toAbsolutePath());
  }

  /**
   * Admits {@code cluster}'s join with {@code token}: the bootstrap join token, or a token an admin
   * issued, which this join spends in the caller's transaction.
   *
   * @throws ApiException 401 for a token that is neither, or an issued one that expired, was
   *     revoked or spent; 403 for one bound to another cluster name
   */
  public void admit(String token, String cluster, String requestId) {
    if (!matches(token) && !issued.spend(token, cluster, requestId)) {
      throw ApiException.unauthorized("the join token is not valid");
    }
  }

  /** Whether {@code token} is the federation's bootstrap join token. */
  public boolean matches(String token) {
    return token != null && TokenSecrets.same(storedHash(), TokenSecrets.hash(token));
  }

  private String storedHash() {
    return jdbc.sql("select value from federation_settings where key = ?")
        .param(KEY)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private void store(String hash) {
    jdbc.sql(
            "insert into federation_settings (key, value) values (?, ?)"
                + " on conflict (key) do update set value = excluded.value")
        .params(KEY, hash)
        .update();
  }
}
