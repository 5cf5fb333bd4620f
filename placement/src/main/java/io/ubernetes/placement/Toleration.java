package io.ubernetes.placement;

/**
 * Lets replicas go where a matching taint is, with Kubernetes' matching rules: an empty key with
 * {@code EXISTS} tolerates everything; a null effect tolerates every effect.
 */
public record Toleration(String key, Operator operator, String value, TaintEffect effect) {

  /** How the taint's value is compared. */
  public enum Operator {
    EQUAL,
    EXISTS
  }

  public Toleration {
    key = key == null ? "" : key;
    operator = operator == null ? Operator.EQUAL : operator;
    value = value == null ? "" : value;
  }

  public boolean tolerates(Taint taint) {
    if (effect != null && effect != taint.effect()) {
      return false;
    }
    if (key.isEmpty()) {
      return operator == Operator.EXISTS;
    }
    if (!key.equals(taint.key())) {
      return false;
    }
    return operator == Operator.EXISTS || value.equals(taint.value());
  }
}
