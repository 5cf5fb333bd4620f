package io.ubernetes.federation.workload;

import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import io.ubernetes.federation.caller.Role;
import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.ObjectRedaction;
import io.ubernetes.federation.resource.ResourceList;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Secrets among a workload's {@code spec.resources} are stored as given, but a viewer reads them
 * redacted: every value of {@code data} and {@code stringData} becomes {@value #REDACTED}, the keys
 * stay. Operators and admins, who may write them, read them as stored.
 */
@ControllerAdvice
// First, so that whatever renders the body afterwards (a Table's object rows) sees it redacted.
@Order(Ordered.HIGHEST_PRECEDENCE)
class SecretRedaction implements ResponseBodyAdvice<Object>, ObjectRedaction {
  static final String REDACTED = "<redacted>";

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
    if (!(body instanceof FederatedWorkload) && !(body instanceof ResourceList<?>)) {
      return body;
    }
    Caller caller = Callers.current().orElse(null);
    if (caller == null || caller.has(Role.OPERATOR)) {
      return body;
    }
    if (body instanceof FederatedWorkload workload) {
      return redacted(workload);
    }
    ResourceList<?> list = (ResourceList<?>) body;
    if (list.items().isEmpty() || !(list.items().getFirst() instanceof FederatedWorkload)) {
      return body;
    }
    List<FederatedWorkload> items = new ArrayList<>();
    list.items().forEach(item -> items.add(redacted((FederatedWorkload) item)));
    return new ResourceList<>(list.apiVersion(), list.kind(), list.metadata(), items);
  }

  /** The same for each object a watch sends. */
  @Override
  public ApiObject<?, ?> shown(Caller caller, ApiObject<?, ?> object) {
    if (!(object instanceof FederatedWorkload workload)
        || caller == null
        || caller.has(Role.OPERATOR)) {
      return object;
    }
    return redacted(workload);
  }

  static FederatedWorkload redacted(FederatedWorkload workload) {
    WorkloadSpec spec = workload.spec();
    if (spec == null || spec.resources().stream().noneMatch(SecretRedaction::isSecret)) {
      return workload;
    }
    List<JsonNode> resources = new ArrayList<>();
    for (JsonNode resource : spec.resources()) {
      resources.add(isSecret(resource) ? redact((ObjectNode) resource.deepCopy()) : resource);
    }
    return new FederatedWorkload(
        workload.apiVersion(),
        workload.kind(),
        workload.metadata(),
        new WorkloadSpec(
            spec.template(),
            resources,
            spec.replicas(),
            spec.placement(),
            spec.overrides(),
            spec.rollout()),
        workload.status());
  }

  private static boolean isSecret(JsonNode resource) {
    return resource != null
        && resource.isObject()
        && "Secret".equals(resource.path("kind").asString(null));
  }

  private static ObjectNode redact(ObjectNode secret) {
    for (String field : List.of("data", "stringData")) {
      if (secret.get(field) instanceof ObjectNode values) {
        values.propertyNames().forEach(key -> values.put(key, REDACTED));
      }
    }
    return secret;
  }
}
