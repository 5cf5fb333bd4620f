package io.ubernetes.sandbox.cluster;

import java.time.Instant;

/**
 * What a simulated cluster left in its state file when it last ran: its definition (address ranges
 * included), its API server's port, whether it was added at run time, and its objects.
 */
public final class SavedCluster {
  private final ClusterDefinition definition;
  private final boolean addedAtRunTime;
  private final int apiServerPort;
  private final Instant savedAt;
  private final ObjectStore.Snapshot objects;

  SavedCluster(
      ClusterDefinition definition,
      boolean addedAtRunTime,
      int apiServerPort,
      Instant savedAt,
      ObjectStore.Snapshot objects) {
    this.definition = definition;
    this.addedAtRunTime = addedAtRunTime;
    this.apiServerPort = apiServerPort;
    this.savedAt = savedAt;
    this.objects = objects;
  }

  public ClusterDefinition definition() {
    return definition;
  }

  public String name() {
    return definition.name();
  }

  /** Added through the sandbox's control API, so started again with the sandbox. */
  public boolean addedAtRunTime() {
    return addedAtRunTime;
  }

  public int apiServerPort() {
    return apiServerPort;
  }

  public Instant savedAt() {
    return savedAt;
  }

  /** How many objects its API server held. */
  public int objectCount() {
    return objects.objects().size();
  }

  ObjectStore.Snapshot objects() {
    return objects;
  }
}
