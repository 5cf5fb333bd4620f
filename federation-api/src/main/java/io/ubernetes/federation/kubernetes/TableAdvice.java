package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ResourceList;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Answers a read with a Table when the client asks for one ({@code Accept:
 * application/json;as=Table;v=v1;g=meta.k8s.io}, as {@code kubectl get} does), whichever controller
 * served the object or the list. Runs last, on the body as the caller may see it (secrets already
 * redacted for viewers).
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class TableAdvice implements ResponseBodyAdvice<Object> {
  private final Clock clock;
  private final Tables tables;

  TableAdvice(Clock clock, Tables tables) {
    this.clock = clock;
    this.tables = tables;
  }

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    boolean object = body instanceof ApiObject<?, ?>;
    boolean list = body instanceof ResourceList<?>;
    if (!(object || list) || !asksForTable(request)) {
      return body;
    }
    IncludeObject include = IncludeObject.of(parameter(request, "includeObject"));
    if (body instanceof ApiObject<?, ?> single) {
      return tables.table(single.kind(), List.of(single), null, clock.instant(), include);
    }
    ResourceList<?> page = (ResourceList<?>) body;
    List<ApiObject<?, ?>> items = new ArrayList<>();
    for (Object item : page.items()) {
      if (!(item instanceof ApiObject<?, ?> apiObject)) {
        return body;
      }
      items.add(apiObject);
    }
    String kind =
        page.kind().endsWith("List")
            ? page.kind().substring(0, page.kind().length() - 4)
            : page.kind();
    return tables.table(kind, items, page.metadata(), clock.instant(), include);
  }

  /** Whether any type the client accepts is a {@code meta.k8s.io/v1} Table. */
  static boolean asksForTable(ServerHttpRequest request) {
    for (String accept : request.getHeaders().getOrEmpty("Accept")) {
      List<MediaType> types;
      try {
        types = MediaType.parseMediaTypes(accept);
      } catch (IllegalArgumentException e) {
        return false;
      }
      for (MediaType type : types) {
        if ("Table".equals(type.getParameter("as"))
            && "v1".equals(type.getParameter("v"))
            && "meta.k8s.io".equals(type.getParameter("g"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static String parameter(ServerHttpRequest request, String name) {
    return request instanceof ServletServerHttpRequest servlet
        ? servlet.getServletRequest().getParameter(name)
        : null;
  }
}
