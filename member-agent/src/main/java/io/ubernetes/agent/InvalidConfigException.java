package io.ubernetes.agent;

/** A configuration variable is missing or invalid; the message names it. */
final class InvalidConfigException extends Exception {
  private final String variable;

  InvalidConfigException(String variable, String problem) {
    super(variable + ": " + problem);
    this.variable = variable;
  }

  String variable() {
    return variable;
  }
}
