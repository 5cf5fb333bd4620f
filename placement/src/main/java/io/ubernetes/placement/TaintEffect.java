package io.ubernetes.placement;

/** What a taint does to workloads that do not tolerate it. */
public enum TaintEffect {
  /** No new replicas; those already there stay. */
  NO_SCHEDULE("NoSchedule"),
  /** A cost: placed there only when other clusters are worse. */
  PREFER_NO_SCHEDULE("PreferNoSchedule"),
  /** No replicas at all: those already there move away. */
  NO_EXECUTE("NoExecute");

  private final String text;

  TaintEffect(String text) {
    this.text = text;
  }

  @Override
  public String toString() {
    return text;
  }
}
