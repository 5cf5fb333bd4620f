package io.ubernetes.placement;

import java.util.Objects;

/** Keeps replicas away from a cluster unless they tolerate it, as a node taint does for pods. */
public record Taint(String key, String value, TaintEffect effect) {
  public Taint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(effect, "effect");
    value = value == null ? "" : value;
  }

  @Override
  public String toString() {
    return key + (value.isEmpty() ? "" : "=" + value) + ":" + effect;
  }
}
