package io.ubernetes.federation.web;

import java.util.List;

/**
 * The two roots the federation's kinds are served under: {@code /api/v1/...} and, the Kubernetes
 * way, {@code /apis/ubernetes.io/v1/...}. Whoever decides by path (access rules, the audit log)
 * reads what follows the root, the same whichever root the client used.
 */
public final class ApiPaths {
  /** The federation's own root. */
  public static final String LEGACY = "/api/v1/";

  /** The root of the group {@code ubernetes.io/v1} on the Kubernetes paths. */
  public static final String GROUP = "/apis/ubernetes.io/v1/";

  private ApiPaths() {}

  /**
   * Whether a path is one of Kubernetes' own ({@code /apis/...}, {@code /version}, {@code
   * /openapi/...}, and of the core group's {@code /api/v1} paths those of events, which only
   * Kubernetes clients read), where errors are answered as Kubernetes clients read them ({@code
   * metav1.Status}) instead of as problem documents.
   *
   * @param path as sent or decoded; null is none of them
   */
  public static boolean kubernetes(String path) {
    return path != null
        && (path.equals("/apis")
            || events(path)
            || path.startsWith("/apis/")
            || path.equals("/version")
            || path.startsWith("/version/")
            || path.equals("/openapi")
            || path.startsWith("/openapi/"));
  }

  /** {@code /api/v1/events} and {@code /api/v1/namespaces/<ns>/events[/<name>]}. */
  private static boolean events(String path) {
    if (path.equals("/api/v1/events") || path.startsWith("/api/v1/events/")) {
      return true;
    }
    List<String> segments = path.startsWith(LEGACY) ? resourceSegments(path) : null;
    return segments != null
        && segments.size() >= 3
        && segments.size() <= 4
        && segments.get(0).equals("namespaces")
        && segments.get(2).equals("events");
  }

  /**
   * What follows the root, by segment: {@code [namespaces, shop, workloads, web]} for {@code
   * /api/v1/namespaces/shop/workloads/web}; null for a path under neither root.
   *
   * @param path decoded
   */
  public static List<String> resourceSegments(String path) {
    String root = path.startsWith(LEGACY) ? LEGACY : path.startsWith(GROUP) ? GROUP : null;
    return root == null ? null : List.of(path.substring(root.length()).split("/", -1));
  }

  /** The namespace a path is in, {@code .../namespaces/<ns>/...}; null for any other path. */
  public static String namespace(String path) {
    List<String> segments = resourceSegments(path);
    return segments != null && segments.size() >= 2 && segments.get(0).equals("namespaces")
        ? segments.get(1)
        : null;
  }
}
