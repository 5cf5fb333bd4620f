package io.ubernetes.agent.protocol;

/**
 * What an agent knows about its cluster when it joins: its location (from its configuration or its
 * nodes' topology labels) and versions. Absent fields are null.
 */
public record ClusterFacts(
    String region,
    String zone,
    String provider,
    String tier,
    String kubernetesVersion,
    String agentVersion) {}
