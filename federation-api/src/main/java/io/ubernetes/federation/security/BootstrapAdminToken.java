package io.ubernetes.federation.security;

import io.ubernetes.federation.caller.Role;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The first admin. A configured {@code ubernetes.security.bootstrap-admin-token} is stored (hashed)
 * at every start. Without it and without an identity provider, the first start of an empty
 * federation generates an admin token, prints it once in the log and writes it to {@code <data
 * directory>/admin-token}, readable by its owner only. Nothing is ever open without a token.
 */
@Component
class BootstrapAdminToken implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(BootstrapAdminToken.class);
  static final String NAME = "bootstrap-admin";

  private final ApiTokenRepository repository;
  private final SecurityProperties properties;
  private final JoinProperties join;
  private final ObjectProvider<JwtDecoder> identityProvider;
  private final Clock clock;

  BootstrapAdminToken(
      ApiTokenRepository repository,
      SecurityProperties properties,
      JoinProperties join,
      ObjectProvider<JwtDecoder> identityProvider,
      Clock clock) {
    this.repository = repository;
    this.properties = properties;
    this.join = join;
    this.identityProvider = identityProvider;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void run(ApplicationArguments arguments) {
    String configured = properties.bootstrapAdminToken();
    if (configured != null && !configured.isBlank()) {
      TokenSecrets.Parsed parsed = TokenSecrets.parse(configured.strip());
      if (parsed == null) {
        throw new IllegalStateException(
            "ubernetes.security.bootstrap-admin-token must look like ubt_<id>_<secret>: an id of"
                + " 1 to 32 lowercase letters and digits, a secret of at least 16 characters"
                + " [A-Za-z0-9_-]");
      }
      store(parsed.id(), parsed.secret(), repository::upsert);
      return;
    }
    if (identityProvider.getIfAvailable() != null) {
      return;
    }
    repository.lockBootstrap();
    if (repository.any()) {
      return;
    }
    String id = TokenSecrets.newId();
    String secret = TokenSecrets.newSecret();
    store(id, secret, repository::insert);
    String token = TokenSecrets.token(id, secret);
    Path file = join.dataDirectory().resolve("admin-token");
    TokenSecrets.writeFile(file, token, "the admin token");
    // Printed once, on the first start of an empty federation; never again.
    log.info(
        "admin token: {} (also in {}, readable by its owner only)", token, file.toAbsolutePath());
  }

  private interface Writer {
    void write(ApiToken token, String salt, String hash);
  }

  private void store(String id, String secret, Writer writer) {
    String salt = TokenSecrets.newSalt();
    writer.write(
        new ApiToken(
            id,
            NAME,
            Role.ADMIN.wireName(),
            List.of(),
            List.of(),
            clock.instant(),
            "configuration",
            null,
            null),
        salt,
        TokenSecrets.hash(salt, secret));
  }
}
