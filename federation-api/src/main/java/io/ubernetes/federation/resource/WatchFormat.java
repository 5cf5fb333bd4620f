package io.ubernetes.federation.resource;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Function;

/**
 * Another form than the objects themselves for the events of a watch that asks for one by its
 * Accept header, as {@code kubectl get -w} asks for Table rows. The surface that serves the form
 * provides it; the watch machinery only applies it.
 */
public interface WatchFormat {
  /**
   * The form of this watch's events: a function from each object (as its caller may see it) to what
   * its event carries, made for this one watch (it may remember what it sent already), or empty
   * when the watch did not ask for this form.
   */
  Optional<Function<ApiObject<?, ?>, Object>> forWatch(String kind, HttpServletRequest request);
}
