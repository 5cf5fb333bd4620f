package io.ubernetes.federation.kubernetes;

import io.swagger.v3.oas.annotations.Hidden;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.resource.AllNamespacesController;
import io.ubernetes.federation.resource.ApiException;
import io.ubernetes.federation.resource.ClusterScopedResourceController;
import io.ubernetes.federation.resource.FieldError;
import io.ubernetes.federation.resource.NamespacedResourceController;
import io.ubernetes.federation.resource.ResourceStrategy;
import io.ubernetes.federation.resource.ResourceWatches;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Watches: {@code ?watch=true} (or any other true value) on every path where a kind is listed, on
 * the group's paths and the old {@code /api/v1} ones alike, because it is mapped from the lists
 * themselves once every controller is known. The list stays with each kind's controller; a request
 * with {@code watch} set to true maps here as the more specific match of the same path. A list that
 * sends {@code sendInitialEvents}, which belongs to watches, is refused as Kubernetes refuses it.
 */
@Component
class WatchMappings implements SmartInitializingSingleton {
  /** A watch: the parameter is there and is none of the false values Go's ParseBool takes. */
  private static final String[] WATCH = {
    "watch", "watch!=false", "watch!=0", "watch!=f", "watch!=F", "watch!=FALSE", "watch!=False"
  };

  private static final String[] INITIAL_EVENTS_WITHOUT_WATCH = {"sendInitialEvents", "!watch"};

  private final RequestMappingHandlerMapping handlers;
  private final ResourceWatches watches;
  private final List<Watched> watched = new ArrayList<>();

  WatchMappings(
      @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers,
      ResourceWatches watches) {
    this.handlers = handlers;
    this.watches = watches;
  }

  /** Where each kind is watched: the patterns of its list, and the namespaces a watch covers. */
  record Watched(ResourceStrategy<?, ?, ?> strategy, Scope scope, Set<String> patterns) {}

  enum Scope {
    CLUSTER,
    NAMESPACE,
    ALL_NAMESPACES
  }

  @Override
  public void afterSingletonsInstantiated() {
    handlers
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              Watched list = watchedList(info, method);
              if (list != null) {
                watched.add(list);
              }
            });
    for (Watched list : watched) {
      Endpoint endpoint = new Endpoint(watches, list.strategy(), list.scope());
      handlers.registerMapping(mapping(list, WATCH), endpoint, Endpoint.WATCH);
      handlers.registerMapping(
          mapping(list, INITIAL_EVENTS_WITHOUT_WATCH), endpoint, Endpoint.REFUSE_INITIAL_EVENTS);
    }
  }

  /** Every watched list, for the tests that hold each kind to being watched. */
  List<Watched> watched() {
    return List.copyOf(watched);
  }

  private static Watched watchedList(RequestMappingInfo info, HandlerMethod method) {
    if (!method.getMethod().getName().equals("list")
        || !info.getMethodsCondition().getMethods().contains(RequestMethod.GET)) {
      return null;
    }
    Object controller = method.createWithResolvedBean().getBean();
    Set<String> patterns = new TreeSet<>(info.getPatternValues());
    return switch (controller) {
      case ClusterScopedResourceController<?, ?, ?> c ->
          new Watched(c.strategy(), Scope.CLUSTER, patterns);
      case NamespacedResourceController<?, ?, ?> c ->
          new Watched(c.strategy(), Scope.NAMESPACE, patterns);
      case AllNamespacesController<?, ?, ?> c ->
          new Watched(c.strategy(), Scope.ALL_NAMESPACES, patterns);
      default -> null;
    };
  }

  private RequestMappingInfo mapping(Watched list, String[] params) {
    return RequestMappingInfo.paths(list.patterns().toArray(String[]::new))
        .methods(RequestMethod.GET)
        .params(params)
        .options(handlers.getBuilderConfiguration())
        .build();
  }

  /** The handler of one kind's watches on the paths of one of its lists. */
  @Hidden
  static final class Endpoint {
    static final Method WATCH = method("watch");
    static final Method REFUSE_INITIAL_EVENTS = method("refuseInitialEvents");

    private final ResourceWatches watches;
    private final ResourceStrategy<?, ?, ?> strategy;
    private final Scope scope;

    Endpoint(ResourceWatches watches, ResourceStrategy<?, ?, ?> strategy, Scope scope) {
      this.watches = watches;
      this.strategy = strategy;
      this.scope = scope;
    }

    public void watch(HttpServletRequest request, HttpServletResponse response) throws IOException {
      Set<String> namespaces =
          switch (scope) {
            case CLUSTER -> null;
            case NAMESPACE -> Set.of(pathVariables(request).get("namespace"));
            // A caller confined to namespaces watches those of its own.
            case ALL_NAMESPACES ->
                Callers.current().filter(c -> !c.unscoped()).map(Caller::namespaces).orElse(null);
          };
      watches.serve(strategy, namespaces, request, response);
    }

    public void refuseInitialEvents() {
      throw ApiException.invalid(
          "ListOptions",
          null,
          List.of(
              new FieldError(
                  "sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> pathVariables(HttpServletRequest request) {
      return (Map<String, String>)
          request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
    }

    private static Method method(String name) {
      for (Method method : Endpoint.class.getMethods()) {
        if (method.getName().equals(name)) {
          return method;
        }
      }
      throw new IllegalStateException("no method " + name);
    }
  }
}
