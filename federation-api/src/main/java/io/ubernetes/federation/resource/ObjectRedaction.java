package io.ubernetes.federation.resource;

import io.ubernetes.federation.caller.Caller;

/**
 * What a reader is shown of an object, where a kind hides part of it from some readers (a
 * workload's secrets): watches show each event's object through every redaction, as gets and lists
 * do.
 */
public interface ObjectRedaction {
  /**
   * @param caller who reads; null without one
   * @return the object as shown to the caller: {@code object} itself when nothing is hidden
   */
  ApiObject<?, ?> shown(Caller caller, ApiObject<?, ?> object);
}
