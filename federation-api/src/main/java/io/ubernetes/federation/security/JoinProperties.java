package io.ubernetes.federation.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How member agents join, and where the service writes the tokens it generates (the settings share
 * the {@code ubernetes.agents} prefix with how agents are watched).
 *
 * @param joinMode {@code AUTO}: any agent with the join token is admitted; {@code APPROVAL}: an
 *     operator approves each cluster
 * @param joinToken the join token; when unset, one is generated on first start, printed once in the
 *     log and written to {@code <dataDirectory>/join-token}
 * @param dataDirectory where the service keeps files of its own: the generated join and admin
 *     tokens
 */
@ConfigurationProperties("ubernetes.agents")
public record JoinProperties(JoinMode joinMode, String joinToken, Path dataDirectory) {

  /** Who may join. */
  public enum JoinMode {
    AUTO,
    APPROVAL
  }

  public JoinProperties {
    joinMode = joinMode == null ? JoinMode.AUTO : joinMode;
    dataDirectory = dataDirectory == null ? Path.of("data") : dataDirectory;
  }
}
