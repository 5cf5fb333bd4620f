package io.ubernetes.agent.protocol;

import java.util.List;

/**
 * Which status fields of a work item's objects the agent reads back from its cluster and reports in
 * {@link ObjectStatus#feedback()}, by Kubernetes JSONPath ({@code .status.succeeded}, {@code
 * .status.conditions[?(@.type=="Ready")].status}, {@code .status}).
 *
 * @param apiVersion the objects' API version; null for any version of the kind
 * @param kind the objects' kind
 * @param name one object of that kind; null for every object of the kind in the work item
 * @param paths the fields to report, each under its own name
 */
public record FeedbackRule(String apiVersion, String kind, String name, List<FeedbackPath> paths) {
  public FeedbackRule {
    paths = paths == null ? List.of() : List.copyOf(paths);
  }

  /**
   * One field to report.
   *
   * @param name the key of its value in {@link ObjectStatus#feedback()}
   * @param path a Kubernetes JSONPath into the live object
   */
  public record FeedbackPath(String name, String path) {}
}
