package io.ubernetes.api.web;

import io.ubernetes.api.resource.ApiObject;
import io.ubernetes.api.resource.BodyErrors;
import io.ubernetes.api.resource.ClientDocuments;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * JSON and YAML request bodies that are API objects are read with {@link ClientDocuments}: every
 * field that does not fit is recorded in the request's {@link BodyErrors} instead of failing the
 * request at the first, so that the resource controllers answer all of them, with the rules the
 * object breaks, in one 422. Other bodies are read as Jackson reads them.
 */
final class ApiObjectConverters {
  private ApiObjectConverters() {}

  static final class Json extends JacksonJsonHttpMessageConverter {
    Json(JsonMapper mapper) {
      super(mapper);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints)
        throws IOException {
      Class<?> target = apiObject(type);
      return target == null
          ? super.read(type, input, hints)
          : ApiObjectConverters.read(getMapper(), target, input);
    }
  }

  static final class Yaml extends JacksonYamlHttpMessageConverter {
    Yaml(YAMLMapper mapper) {
      super(mapper);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints)
        throws IOException {
      Class<?> target = apiObject(type);
      return target == null
          ? super.read(type, input, hints)
          : ApiObjectConverters.read(getMapper(), target, input);
    }
  }

  /**
   * The API object type to read, or null when the body is something else or no request is served.
   */
  private static Class<?> apiObject(ResolvableType type) {
    Class<?> target = type.resolve();
    return target != null
            && ApiObject.class.isAssignableFrom(target)
            && RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes
        ? target
        : null;
  }

  private static Object read(ObjectMapper mapper, Class<?> type, HttpInputMessage input)
      throws IOException {
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    byte[] body = input.getBody().readAllBytes();
    try {
      return ClientDocuments.read(mapper, body, type, BodyErrors.of(request));
    } catch (JacksonException e) {
      throw new HttpMessageNotReadableException(
          "the request body is unreadable: " + e.getOriginalMessage(), e, input);
    }
  }
}
