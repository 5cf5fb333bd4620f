package io.ubernetes.federation.override;

import java.util.regex.Pattern;

/**
 * A container image reference, {@code [registry/]repository[:tag][@digest]}, in its components. The
 * first path component is the registry when it looks like a host (has a dot or a port, or is {@code
 * localhost}), as the container runtimes read it.
 */
record ImageReference(String registry, String repository, String tag, String digest) {
  static final Pattern REGISTRY =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?");
  static final Pattern REPOSITORY =
      Pattern.compile("[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*");
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("[a-z0-9]+([+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}");

  static ImageReference parse(String image) {
    String rest = image;
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
    }
    String registry = null;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        rest = rest.substring(slash + 1);
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
    }
    return new ImageReference(registry, rest, tag, digest);
  }

  /** This reference with the components an override gives; a digest replaces the tag. */
  ImageReference with(OverridePolicySpec.ImageOverride override) {
    String newTag = tag;
    String newDigest = digest;
    if (override.digest() != null) {
      newDigest = override.digest();
      newTag = null;
    } else if (override.tag() != null) {
      newTag = override.tag();
      newDigest = null;
    }
    return new ImageReference(
        override.registry() != null ? override.registry() : registry,
        override.repository() != null ? override.repository() : repository,
        newTag,
        newDigest);
  }

  @Override
  public String toString() {
    return (registry == null ? "" : registry + "/")
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
