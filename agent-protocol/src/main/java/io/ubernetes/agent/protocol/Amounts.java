package io.ubernetes.agent.protocol;

/**
 * Resources as Kubernetes quantities, e.g. {@code cpu "64"}, {@code memory "256Gi"}, {@code pods
 * "110"}.
 */
public record Amounts(String cpu, String memory, String pods) {}
