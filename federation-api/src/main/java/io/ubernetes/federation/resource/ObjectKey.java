package io.ubernetes.federation.resource;

/** Where an object sits in a kind's key order; the empty namespace for cluster-scoped objects. */
public record ObjectKey(String namespace, String name) {}
