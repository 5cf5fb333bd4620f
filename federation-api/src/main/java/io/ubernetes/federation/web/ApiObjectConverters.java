package io.ubernetes.federation.web;

import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.BodyErrors;
import io.ubernetes.federation.resource.ClientDocuments;
import io.ubernetes.federation.resource.Patch;
import io.ubernetes.federation.resource.StorableText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
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
      byte[] body = storable(getMapper(), input.getBody().readAllBytes());
      Class<?> target = apiObject(type);
      return target == null
          ? super.read(type, replay(body, input), hints)
          : ApiObjectConverters.read(getMapper(), target, body, input);
    }
  }

  static final class Yaml extends JacksonYamlHttpMessageConverter {
    private final long maxObjectBytes;

    Yaml(YAMLMapper mapper, long maxObjectBytes) {
      super(mapper);
      this.maxObjectBytes = maxObjectBytes;
      // Server-side apply's configurations are YAML (JSON being YAML too), as Kubernetes reads
      // them.
      List<MediaType> types = new ArrayList<>(getSupportedMediaTypes());
      types.add(MediaType.parseMediaType(Patch.APPLY_PATCH_YAML));
      setSupportedMediaTypes(types);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage input, Map<String, Object> hints)
        throws IOException {
      byte[] body = YamlAliases.expand(input.getBody().readAllBytes(), maxObjectBytes);
      body = storable(getMapper(), body);
      Class<?> target = apiObject(type);
      return target == null
          ? super.read(type, replay(body, input), hints)
          : ApiObjectConverters.read(getMapper(), target, body, input);
    }
  }

  /**
   * Every body, whatever it is read into, passes the one check of text the store cannot keep (see
   * {@link StorableText}) before it is read.
   */
  private static byte[] storable(ObjectMapper mapper, byte[] body) {
    try (JsonParser parser = mapper.createParser(body)) {
      StorableText.check(parser);
    } catch (JacksonException e) {
      // Malformed syntax: the reader reports it, naming the field where it can.
    }
    return body;
  }

  private static HttpInputMessage replay(byte[] body, HttpInputMessage input) {
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return input.getHeaders();
      }
    };
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

  private static Object read(
      ObjectMapper mapper, Class<?> type, byte[] body, HttpInputMessage input) {
    var request =
        ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    try {
      return ClientDocuments.read(mapper, body, type, BodyErrors.of(request));
    } catch (JacksonException e) {
      throw new HttpMessageNotReadableException(
          "the request body is unreadable: " + e.getOriginalMessage(), e, input);
    }
  }
}
