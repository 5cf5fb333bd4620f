package io.ubernetes.sandbox.cluster;

/** A cluster definition's field breaks a rule; the message is {@code <field>: <rule>}. */
public final class InvalidDefinitionException extends IllegalArgumentException {
  private final String field;
  private final String rule;

  public InvalidDefinitionException(String field, String rule) {
    super(field + ": " + rule);
    this.field = field;
    this.rule = rule;
  }

  /** The field, as the YAML file and the control API name it, such as {@code cpuPerNode}. */
  public String field() {
    return field;
  }

  public String rule() {
    return rule;
  }
}
