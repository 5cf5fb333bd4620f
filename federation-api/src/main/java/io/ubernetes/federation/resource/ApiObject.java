package io.ubernetes.federation.resource;

/**
 * An object of the Ubernetes API: {@code apiVersion}, {@code kind}, {@code metadata}, a {@code
 * spec} the client owns and a {@code status} the system owns.
 */
public interface ApiObject<S, T> {
  String API_VERSION = "ubernetes.io/v1";

  String apiVersion();

  String kind();

  ObjectMeta metadata();

  S spec();

  T status();
}
