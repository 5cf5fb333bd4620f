package io.ubernetes.federation.resource;

/**
 * One rule a request broke.
 *
 * @param field the path of the offending value, e.g. {@code spec.placement.preferences[0].weight}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {}
