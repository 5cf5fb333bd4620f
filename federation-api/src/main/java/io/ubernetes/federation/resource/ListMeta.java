package io.ubernetes.federation.resource;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Metadata of a list.
 *
 * @param resourceVersion the newest revision of the store when the page was read
 * @param continueToken present when more items follow; pass it as {@code continue} to get them
 */
public record ListMeta(String resourceVersion, @JsonProperty("continue") String continueToken) {}
