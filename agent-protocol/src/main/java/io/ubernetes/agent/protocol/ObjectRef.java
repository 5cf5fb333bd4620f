package io.ubernetes.agent.protocol;

/** One Kubernetes object in a member cluster. */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {}
