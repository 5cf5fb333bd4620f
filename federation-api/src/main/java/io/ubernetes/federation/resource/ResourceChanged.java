package io.ubernetes.federation.resource;

/**
 * Published after a write commits, for whoever reacts to changes in this process (the scheduler).
 *
 * @param statusOnly whether only the status changed
 */
public record ResourceChanged(String kind, String namespace, String name, boolean statusOnly) {}
