package io.ubernetes.agent.failure;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Why a call failed, in plain words, for the log: what was being done (listing Nodes, getting
 * ConfigMap ubernetes-system/state) and why it failed (connection refused by 127.0.0.1:6443, no
 * answer in time, HTTP 403 and the API server's message). The one place that turns the agent's
 * failures into reasons, instead of the Kubernetes client's {@code Operation: [list] for kind:
 * [Node] ... failed.}, which says neither.
 */
public final class FailureReason {
  /** The Kubernetes client's account of an operation that did not get an answer. */
  private static final Pattern OPERATION =
      Pattern.compile(
          "Operation: \\[(\\w+)]\\s+for kind: \\[(\\w+)]\\s+with name: \\[(.*?)]"
              + "\\s+in namespace: \\[(.*?)]");

  /** ... and of a request that got an error status. */
  private static final Pattern REQUEST = Pattern.compile("Failure executing: (\\w+) at: ");

  private static final Map<String, String> VERBS =
      Map.of(
          "get", "getting",
          "list", "listing",
          "watch", "watching",
          "create", "creating",
          "update", "updating",
          "replace", "replacing",
          "patch", "patching",
          "edit", "editing",
          "delete", "deleting");

  private FailureReason() {}

  /** Why {@code failure} happened; failures of the federation name their address already. */
  public static String of(Throwable failure) {
    return of(failure, (String) null);
  }

  /**
   * Why {@code failure} happened.
   *
   * @param server the API server called, named when the failure itself does not name it (a refused
   *     connection)
   */
  public static String of(Throwable failure, URL server) {
    return of(failure, server == null ? null : address(server.getHost(), server.getPort()));
  }

  /** Why {@code failure}, an I/O failure of a call to {@code server} (host and port), happened. */
  public static String of(Throwable failure, String server) {
    String operation =
        failure instanceof KubernetesClientException kubernetes ? operation(kubernetes) : null;
    String why = why(failure, server);
    return operation == null ? why : operation + ": " + why;
  }

  /**
   * Why {@code failure} happened, without what was being done: for a caller that says that itself
   * (the manifest that could not be applied).
   */
  public static String why(Throwable failure, URL server) {
    return why(failure, server == null ? null : address(server.getHost(), server.getPort()));
  }

  private static String why(Throwable failure, String server) {
    if (failure instanceof ExplainedFailure && failure.getMessage() != null) {
      return failure.getMessage();
    }
    if (failure instanceof KubernetesClientException kubernetes) {
      return kubernetes.getCode() > 0 ? status(kubernetes) : cause(kubernetes.getCause(), server);
    }
    return cause(failure, server);
  }

  /** Where a URI points, as {@code host:port}. */
  public static String address(URI uri) {
    return address(uri.getHost(), uri.getPort());
  }

  private static String address(String host, int port) {
    return port < 0 ? host : host + ":" + port;
  }

  private static String operation(KubernetesClientException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    Matcher operation = OPERATION.matcher(message);
    if (operation.find()) {
      String verb = VERBS.getOrDefault(operation.group(1), operation.group(1));
      String kind = operation.group(2);
      String name = value(operation.group(3));
      String namespace = value(operation.group(4));
      if (name == null) {
        return verb + " " + plural(kind);
      }
      return verb + " " + kind + " " + (namespace == null ? name : namespace + "/" + name);
    }
    Matcher request = REQUEST.matcher(message);
    if (request.find() && e.getResourcePlural() != null) {
      String name = e.getName();
      String verb =
          switch (request.group(1)) {
            case "GET" -> name == null ? "listing" : "getting";
            case "POST" -> "creating";
            case "PUT" -> "updating";
            case "PATCH" -> "patching";
            case "DELETE" -> "deleting";
            default -> request.group(1);
          };
      String target =
          name == null
              ? ""
              : " " + (e.getNamespace() == null ? name : e.getNamespace() + "/" + name);
      return verb + " " + e.getResourcePlural() + target;
    }
    return null;
  }

  private static String status(KubernetesClientException e) {
    Status status = e.getStatus();
    String message = null;
    if (status != null) {
      message = status.getMessage() != null ? status.getMessage() : status.getReason();
    }
    return "HTTP " + e.getCode() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** The most telling failure of a chain of causes. */
  private static String cause(Throwable failure, String server) {
    String where = server == null ? "the server" : server;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      switch (cause) {
        case HttpConnectTimeoutException ignored -> {
          return "no connection to " + where + " in time";
        }
        case HttpTimeoutException ignored -> {
          return "no answer from " + where + " in time";
        }
        case SocketTimeoutException ignored -> {
          return "no answer from " + where + " in time";
        }
        case TimeoutException ignored -> {
          return "no answer from " + where + " in time";
        }
        case UnresolvedAddressException ignored -> {
          return "cannot resolve " + host(where);
        }
        case UnknownHostException unknown -> {
          return "cannot resolve "
              + (unknown.getMessage() == null ? host(where) : unknown.getMessage());
        }
        case NoRouteToHostException ignored -> {
          return "no route to " + where;
        }
        case SSLException tls -> {
          return "TLS with " + where + " failed: " + message(tls);
        }
        default -> {}
      }
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "connection refused by " + where;
      }
      // A server stopped or restarted in the middle of a request resets the connection; the JDK
      // says only "Connection reset", without whose.
      if (cause instanceof SocketException
          && cause.getMessage() != null
          && cause.getMessage().startsWith("Connection reset")) {
        return "connection reset by " + where;
      }
    }
    return deepestMessage(failure);
  }

  private static String host(String address) {
    int colon = address.lastIndexOf(':');
    return colon > 0 ? address.substring(0, colon) : address;
  }

  /** The deepest cause that says something, or the failure's kind when none does. */
  private static String deepestMessage(Throwable failure) {
    if (failure == null) {
      return "unknown failure";
    }
    String said = null;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        said = message(cause);
      }
    }
    return said != null ? said : failure.getClass().getSimpleName();
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      return failure.getClass().getSimpleName();
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static String value(String field) {
    return field == null || field.isEmpty() || field.equals("null") ? null : field;
  }

  private static String plural(String kind) {
    String lower = kind.toLowerCase(Locale.ROOT);
    if (lower.endsWith("s")) {
      return kind + "es";
    }
    if (lower.endsWith("y") && !lower.endsWith("ey") && !lower.endsWith("ay")) {
      return kind.substring(0, kind.length() - 1) + "ies";
    }
    return kind + "s";
  }
}
