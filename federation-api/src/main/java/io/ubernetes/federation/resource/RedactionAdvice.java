package io.ubernetes.federation.resource;

import io.ubernetes.federation.caller.Callers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Shows every object a get or a list answers through each {@link ObjectRedaction}, as watches show
 * their events' objects, whichever controller served it.
 */
@ControllerAdvice
// First, so that whatever renders the body afterwards (a Table's object rows) sees it redacted.
@Order(Ordered.HIGHEST_PRECEDENCE)
class RedactionAdvice implements ResponseBodyAdvice<Object> {
  private final List<ObjectRedaction> redactions;

  RedactionAdvice(List<ObjectRedaction> redactions) {
    this.redactions = redactions;
  }

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return !redactions.isEmpty();
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (body instanceof ApiObject<?, ?> object) {
      return shown(object);
    }
    if (!(body instanceof ResourceList<?> list)) {
      return body;
    }
    List<Object> items = new ArrayList<>(list.items().size());
    boolean changed = false;
    for (Object item : list.items()) {
      Object shown = item instanceof ApiObject<?, ?> object ? shown(object) : item;
      changed |= shown != item;
      items.add(shown);
    }
    return changed
        ? new ResourceList<>(list.apiVersion(), list.kind(), list.metadata(), items)
        : body;
  }

  private ApiObject<?, ?> shown(ApiObject<?, ?> object) {
    ApiObject<?, ?> shown = object;
    for (ObjectRedaction redaction : redactions) {
      shown = redaction.shown(Callers.current().orElse(null), shown);
    }
    return shown;
  }
}
