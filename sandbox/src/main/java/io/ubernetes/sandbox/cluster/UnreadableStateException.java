package io.ubernetes.sandbox.cluster;

import java.nio.file.Path;

/**
 * A simulated cluster's state file exists but cannot be used. Starting the cluster empty instead
 * would lose its objects and its agent's credential without a word, so the sandbox stops and says
 * which file and what to do.
 */
public final class UnreadableStateException extends RuntimeException {
  private final Path file;
  private final String cluster;
  private final String reason;

  UnreadableStateException(Path file, String cluster, String reason, Throwable cause) {
    super(
        "cannot read " + file + ", the saved state of simulated cluster " + cluster + ": " + reason,
        cause);
    this.file = file;
    this.cluster = cluster;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public String cluster() {
    return cluster;
  }

  /** What is wrong with it, such as {@code line 3, column 7: Unexpected character}. */
  public String reason() {
    return reason;
  }
}
