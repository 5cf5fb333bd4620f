package io.ubernetes.sandbox;

/**
 * The sandbox cannot start as asked: its fleet is not valid, or a cluster's saved state cannot be
 * used. It stops before any cluster starts, saying what is wrong and what to do.
 */
final class SandboxSetupException extends RuntimeException {
  private final String action;

  SandboxSetupException(String description, String action, Throwable cause) {
    super(description, cause);
    this.action = action;
  }

  String action() {
    return action;
  }
}
