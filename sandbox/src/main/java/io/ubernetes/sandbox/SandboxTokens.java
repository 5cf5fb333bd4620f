package io.ubernetes.sandbox;

import io.ubernetes.federation.security.JoinProperties;
import io.ubernetes.federation.security.SecurityProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tokens the sandbox uses with its federation: given as flags, configured for the local
 * federation, or read from the local federation's data directory.
 */
final class SandboxTokens {
  private final SandboxProperties properties;
  private final JoinProperties local;
  private final SecurityProperties security;

  /**
   * @param local the local federation's agent settings, or null when attached to one elsewhere
   * @param security the local federation's security settings, or null
   */
  SandboxTokens(SandboxProperties properties, JoinProperties local, SecurityProperties security) {
    this.properties = properties;
    this.local = local;
    this.security = security;
  }

  /** The join token its agents join with. */
  String joinToken() {
    if (properties.joinToken() != null && !properties.joinToken().isBlank()) {
      return properties.joinToken();
    }
    if (properties.federationUrl() != null || local == null) {
      throw new IllegalStateException(
          "--join-token is required with --federation-url (the federation prints it on its first"
              + " start and keeps it in <data directory>/join-token)");
    }
    if (local.joinToken() != null && !local.joinToken().isBlank()) {
      return local.joinToken();
    }
    Path file = local.dataDirectory().resolve("join-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the join token from "
              + file.toAbsolutePath()
              + " (set ubernetes.agents.join-token, or delete the database to start afresh)",
          e);
    }
  }

  /** The admin token: given, configured for the local federation, or from its data directory. */
  String adminToken() {
    if (properties.adminToken() != null && !properties.adminToken().isBlank()) {
      return properties.adminToken();
    }
    if (properties.federationUrl() != null || local == null || security == null) {
      throw new IllegalStateException(
          "--admin-token is required with --federation-url (the federation prints one on its"
              + " first start and keeps it in <data directory>/admin-token)");
    }
    if (security.bootstrapAdminToken() != null && !security.bootstrapAdminToken().isBlank()) {
      return security.bootstrapAdminToken().strip();
    }
    Path file = local.dataDirectory().resolve("admin-token");
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the admin token from "
              + file.toAbsolutePath()
              + " (set ubernetes.security.bootstrap-admin-token, or delete the database to start"
              + " afresh)",
          e);
    }
  }
}
