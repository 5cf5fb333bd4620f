package io.ubernetes.federation.web;

/**
 * An action a caller may not take on something else than the path it sent names, for {@link
 * ProblemWriter#writeForbidden}: acting as another user is {@code impersonate} on {@code users}.
 *
 * @param verb e.g. {@code impersonate}
 * @param group the API group of what the action is on; empty for Kubernetes' core group
 * @param resource e.g. {@code users}
 * @param subresource e.g. the key of an impersonated extra; null for none
 * @param name what the action names, e.g. the user to act as
 */
public record RefusedAction(
    String verb, String group, String resource, String subresource, String name) {}
