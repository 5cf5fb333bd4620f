package io.ubernetes.sandbox.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;
import java.util.Optional;

/**
 * How a simulated container fails on purpose, so that a demo or a test can show a bad rollout: by
 * the pod template's annotation {@value #ANNOTATION} (every container of the pod), or by the
 * container's image, so that a plain manifest can do it (an image tagged {@code crashloop} crashes,
 * one whose repository or tag contains {@code does-not-exist} cannot be pulled). It depends on the
 * template only, so the same template fails the same way in every cluster, and a per-cluster
 * override of the template can make one cluster fail alone.
 */
enum Failure {
  /** The container exits with an error; restarted (growing back-off) unless it may not be. */
  CRASH_LOOP("CrashLoopBackOff"),
  /** The image cannot be pulled: {@code ErrImagePull}, then {@code ImagePullBackOff}. */
  IMAGE_PULL("ImagePullBackOff"),
  /** The container exits with an error and is not restarted: the pod fails. */
  FAILED("Failed"),
  /** The container runs but never passes its readiness probe. */
  NOT_READY("NotReady");

  static final String ANNOTATION = "sandbox.ubernetes.io/fail";
  static final String CRASHLOOP_TAG = "crashloop";
  static final String MISSING_IMAGE = "does-not-exist";

  /** The annotation's value that asks for it. */
  private final String value;

  Failure(String value) {
    this.value = value;
  }

  /**
   * How the container fails, if it does, as its kubelet would have it: a crash is a crash loop
   * where the pod's restart policy lets the kubelet restart the container ({@code Always}, the
   * default), and a failed pod where it does not ({@code Never}); {@code OnFailure} restarts a
   * crash-looping container and lets a failed one fail the pod (a Job's pod, simplified).
   */
  static Optional<Failure> of(Pod pod, Container container) {
    Optional<Failure> asked = asked(pod, container);
    if (asked.isEmpty()) {
      return asked;
    }
    String restartPolicy = pod.getSpec() == null ? null : pod.getSpec().getRestartPolicy();
    return Optional.of(
        switch (asked.get()) {
          case CRASH_LOOP -> "Never".equals(restartPolicy) ? FAILED : CRASH_LOOP;
          case FAILED ->
              restartPolicy == null || "Always".equals(restartPolicy) ? CRASH_LOOP : FAILED;
          case IMAGE_PULL, NOT_READY -> asked.get();
        });
  }

  /** The annotation's failure for every container, else the container's image's. */
  private static Optional<Failure> asked(Pod pod, Container container) {
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    String annotated = annotations == null ? null : annotations.get(ANNOTATION);
    if (annotated != null) {
      for (Failure failure : values()) {
        if (failure.value.equals(annotated)) {
          return Optional.of(failure);
        }
      }
    }
    String image = container.getImage();
    if (image == null) {
      return Optional.empty();
    }
    if (image.contains(MISSING_IMAGE)) {
      return Optional.of(IMAGE_PULL);
    }
    return CRASHLOOP_TAG.equals(tag(image)) ? Optional.of(CRASH_LOOP) : Optional.empty();
  }

  /**
   * The image's tag: after the last ':' that follows the last '/' (a registry's port is not a tag),
   * without a digest; null when there is none.
   */
  static String tag(String image) {
    String named = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int colon = named.lastIndexOf(':');
    return colon > named.lastIndexOf('/') ? named.substring(colon + 1) : null;
  }
}
