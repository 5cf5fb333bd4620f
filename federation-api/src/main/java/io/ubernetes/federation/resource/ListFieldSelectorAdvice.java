package io.ubernetes.federation.resource;

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
 * A list's {@code fieldSelector} ({@code kubectl get --field-selector metadata.name=web}), with the
 * terms a watch takes: {@code metadata.name} and {@code metadata.namespace}, any other field a 400
 * naming {@code fieldSelector}. It thins the page the list endpoint read, which keeps its continue
 * token: a page may hold fewer items than the limit, or none, as Kubernetes allows, and clients
 * follow the token to the end. Runs before a list becomes a Table.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
class ListFieldSelectorAdvice implements ResponseBodyAdvice<Object> {

  @Override
  public boolean supports(
      MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
    return ResourceList.class.isAssignableFrom(returnType.getParameterType());
  }

  @Override
  public Object beforeBodyWrite(
      Object body,
      MethodParameter returnType,
      MediaType selectedContentType,
      Class<? extends HttpMessageConverter<?>> selectedConverterType,
      ServerHttpRequest request,
      ServerHttpResponse response) {
    if (!(body instanceof ResourceList<?> list)
        || !(request instanceof ServletServerHttpRequest servlet)) {
      return body;
    }
    FieldSelector selector =
        FieldSelector.parse(servlet.getServletRequest().getParameter("fieldSelector"));
    if (selector.terms().isEmpty()) {
      return body;
    }
    List<Object> selected = new ArrayList<>();
    for (Object item : list.items()) {
      if (!(item instanceof ApiObject<?, ?> object) || matches(selector, object.metadata())) {
        selected.add(item);
      }
    }
    return new ResourceList<>(list.apiVersion(), list.kind(), list.metadata(), selected);
  }

  private static boolean matches(FieldSelector selector, ObjectMeta metadata) {
    // A cluster-scoped object's namespace is empty, as Kubernetes selects it.
    String namespace = metadata.namespace() == null ? "" : metadata.namespace();
    return selector.matches(namespace, metadata.name());
  }
}
