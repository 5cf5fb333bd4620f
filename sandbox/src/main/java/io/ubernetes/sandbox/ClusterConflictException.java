package io.ubernetes.sandbox;

/** A cluster of this name runs already, or the federation has an agent of it elsewhere. */
final class ClusterConflictException extends RuntimeException {
  ClusterConflictException(String message) {
    super(message);
  }
}
