package io.ubernetes.agent.sync;

/** The marks on every object the agent manages; the agent deletes nothing without them. */
public final class ManagedLabels {
  public static final String MANAGED_BY = "ubernetes.io/managed-by";
  public static final String MANAGER = "ubernetes";
  public static final String WORKLOAD = "ubernetes.io/workload";
  public static final String GENERATION = "ubernetes.io/generation";
  public static final String FIELD_MANAGER = "ubernetes";

  private ManagedLabels() {}
}
