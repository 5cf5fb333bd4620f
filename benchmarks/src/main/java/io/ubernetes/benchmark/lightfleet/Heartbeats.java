package io.ubernetes.benchmark.lightfleet;

import io.ubernetes.agent.protocol.Amounts;
import io.ubernetes.agent.protocol.Heartbeat;
import io.ubernetes.agent.protocol.NodeGroup;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * A light member's heartbeat, as the member agent sends it for a cluster of three nodes of 16
 * cores, 64 GiB and 110 pods each (the fleet benchmark's generated clusters), with system pods of
 * half a core, 1 GiB and 10 pods on each node: the capacity, what the system pods request, and the
 * nodes by what they have free, the work the member holds included, spread evenly and rounded down.
 */
final class Heartbeats {
  static final String KUBERNETES_VERSION = "v1.31.4";
  static final String AGENT_VERSION = "lightfleet";
  private static final int NODES = 3;
  private static final long NODE_CPU_MILLIS = 16_000;
  private static final long NODE_MEMORY_MIB = 64 * 1024;
  private static final long NODE_PODS = 110;
  private static final long SYSTEM_CPU_MILLIS = 500;
  private static final long SYSTEM_MEMORY_MIB = 1024;
  private static final long SYSTEM_PODS = 10;
  private static final Amounts ALLOCATABLE =
      new Amounts(
          Long.toString(NODES * NODE_CPU_MILLIS / 1000),
          NODES * NODE_MEMORY_MIB / 1024 + "Gi",
          Long.toString(NODES * NODE_PODS));
  private static final Amounts SYSTEM =
      new Amounts(
          NODES * SYSTEM_CPU_MILLIS + "m",
          NODES * SYSTEM_MEMORY_MIB + "Mi",
          Long.toString(NODES * SYSTEM_PODS));

  private Heartbeats() {}

  static Heartbeat of(Collection<AppliedWork> work, long revision) {
    long cpu = 0;
    long memory = 0;
    long pods = 0;
    for (AppliedWork applied : work) {
      cpu += applied.cpuMillis();
      memory += applied.memoryMiB();
      pods += applied.replicas();
    }
    Amounts free =
        new Amounts(
            Math.max(0, NODE_CPU_MILLIS - SYSTEM_CPU_MILLIS - ceil(cpu)) + "m",
            Math.max(0, NODE_MEMORY_MIB - SYSTEM_MEMORY_MIB - ceil(memory)) + "Mi",
            Long.toString(Math.max(0, NODE_PODS - SYSTEM_PODS - ceil(pods))));
    return new Heartbeat(
        ALLOCATABLE,
        SYSTEM,
        KUBERNETES_VERSION,
        AGENT_VERSION,
        true,
        revision,
        List.of(new NodeGroup(NODES, free)),
        Instant.now().toString());
  }

  /** A node's share of what the member's pods take, rounded up. */
  private static long ceil(long total) {
    return (total + NODES - 1) / NODES;
  }
}
