package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.Hidden;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.events.EventRecord;
import io.ubernetes.federation.events.EventSelector;
import io.ubernetes.federation.events.WorkloadEvents;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.WatchRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workloads' events as kube-apiserver serves core v1 Events, so that {@code kubectl get
 * events}, {@code kubectl events --for federatedworkload/web} and the Events section of {@code
 * kubectl describe} work: list (in a namespace or all of them), get and watch, with field selectors
 * on {@code involvedObject.*}, {@code reason} and {@code type}, and {@code limit}/{@code continue}.
 * Only the federation writes events: every write is refused (405). A caller confined to namespaces
 * sees, across namespaces, the events of its namespaces' workloads and of cluster-scoped ones.
 */
@Hidden
@RestController
class EventsController {
  private static final String ALL = "/api/v1/events";
  private static final String NAMESPACED = "/api/v1/namespaces/{namespace}/events";

  private final WorkloadEvents events;
  private final EventWatches watches;
  private final Clock clock;

  EventsController(WorkloadEvents events, EventWatches watches, Clock clock) {
    this.events = events;
    this.watches = watches;
    this.clock = clock;
  }

  @GetMapping(path = ALL, produces = MediaType.APPLICATION_JSON_VALUE)
  Object listAll(
      @RequestParam Map<String, String> parameters,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    Set<String> visible =
        Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
    return listOrWatch(null, visible, parameters, request, response);
  }

  @GetMapping(path = NAMESPACED, produces = MediaType.APPLICATION_JSON_VALUE)
  Object list(
      @PathVariable String namespace,
      @RequestParam Map<String, String> parameters,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    return listOrWatch(namespace, null, parameters, request, response);
  }

  @GetMapping(path = NAMESPACED + "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
  Object get(
      @PathVariable String namespace, @PathVariable String name, HttpServletRequest request) {
    EventRecord event =
        events
            .get(namespace, name)
            .orElseThrow(() -> ApiException.notFound("events", namespace, name));
    if (asksForTable(request)) {
      return EventColumns.table(
          List.of(event), Long.toString(event.resourceVersion()), null, clock.instant());
    }
    return event.toObject();
  }

  @RequestMapping(
      path = {ALL, NAMESPACED, NAMESPACED + "/{name}"},
      method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE})
  void write() {
    throw ApiException.methodNotAllowed(
        "events are recorded by the federation itself and are read-only: get, list and watch");
  }

  private Object listOrWatch(
      String namespace,
      Set<String> visible,
      Map<String, String> parameters,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    EventSelector selector = EventSelector.parse(parameters.get("fieldSelector"));
    if (watching(parameters.get("watch"))) {
      watches.serve(
          new WorkloadEvents.Query(namespace, visible, selector, null, null),
          WatchRequest.of(parameters, EventSelector.FIELDS),
          asksForTable(request),
          response);
      return null;
    }
    if (parameters.get("sendInitialEvents") != null) {
      throw ApiException.invalid(
          "ListOptions",
          null,
          List.of(
              new FieldError(
                  "sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list")));
    }
    Integer limit = limit(parameters.get("limit"));
    WorkloadEvents.Page page =
        events.list(
            new WorkloadEvents.Query(
                namespace, visible, selector, after(parameters.get("continue")), limit));
    String continueToken = page.more() ? token(page.items().getLast()) : null;
    String resourceVersion = Long.toString(page.resourceVersion());
    if (asksForTable(request)) {
      return EventColumns.table(page.items(), resourceVersion, continueToken, clock.instant());
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("resourceVersion", resourceVersion);
    if (continueToken != null) {
      metadata.put("continue", continueToken);
    }
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("kind", "EventList");
    list.put("apiVersion", "v1");
    list.put("metadata", metadata);
    list.put("items", page.items().stream().map(EventRecord::toObject).toList());
    return list;
  }

  private static Integer limit(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit < 0) {
        throw ApiException.badRequest("limit", "must not be negative, got " + text);
      }
      return limit;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("limit", "not a number: " + text);
    }
  }

  /** The next page starts after this event: its namespace and name, base64url. */
  private static String token(EventRecord last) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((last.namespace() + "/" + last.name()).getBytes(StandardCharsets.UTF_8));
  }

  private static String[] after(String token) {
    if (token == null || token.isEmpty()) {
      return null;
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      int slash = decoded.indexOf('/');
      if (slash > 0) {
        return new String[] {decoded.substring(0, slash), decoded.substring(slash + 1)};
      }
    } catch (IllegalArgumentException e) {
      // Answered below.
    }
    throw ApiException.badRequest("continue", "not a continue token of this list: " + token);
  }

  private static boolean asksForTable(HttpServletRequest request) {
    return TableAdvice.asksForTable(new ServletServerHttpRequest(request));
  }

  /**
   * A watch, as {@link WatchMappings} tells one for every kind: the parameter is there and is none
   * of the false values Go's ParseBool takes.
   */
  private static boolean watching(String value) {
    return value != null && !List.of("0", "f", "F", "false", "FALSE", "False").contains(value);
  }
}
