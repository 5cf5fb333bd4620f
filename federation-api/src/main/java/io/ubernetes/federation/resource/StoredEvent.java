package io.ubernetes.federation.resource;

/**
 * One change of an object as the event log holds it: the object after the change (before it, for a
 * deletion), with the resourceVersion of the change.
 *
 * @param type {@code ADDED}, {@code MODIFIED} or {@code DELETED}
 * @param object the object's row, its resourceVersion the change's
 * @param oldLabels the labels before a modification (JSON); null for an addition
 */
record StoredEvent(long resourceVersion, String type, ResourceEntity object, String oldLabels) {}
