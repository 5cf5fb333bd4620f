package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiKinds;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI documents of a Kubernetes API server. {@code /openapi/v3} lists the group version's
 * document under a URL carrying its content hash; that URL is cached for good by clients (kubectl
 * keeps it on disk), a stale hash is redirected to the current one. {@code /openapi/v2} is the
 * whole server's Swagger 2.0 document, in JSON or, as client-go asks for it, in gnostic's protobuf.
 */
@RestController
class OpenApiController {
  static final String V3 = "/openapi/v3";
  static final String V3_GROUP = V3 + "/apis/" + KubernetesApi.GROUP_VERSION;
  static final String V2 = "/openapi/v2";

  /**
   * The type of the protobuf answer, as kube-openapi's handler names it: not what client-go asks
   * for ({@code ...spec.v2@v1.0+protobuf}), whose {@code @} Go's media type parser refuses.
   */
  static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

  private final byte[] v3;
  private final String v3Hash;
  private final byte[] index;
  private final byte[] v2Json;
  private final String v2JsonHash;
  private final byte[] v2Protobuf;
  private final String v2ProtobufHash;

  OpenApiController(ApiKinds kinds, ServedResources served) {
    // Sorted keys: the same types give the same bytes, so the hash survives restarts.
    JsonMapper mapper =
        JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    OpenApiDocuments documents = new OpenApiDocuments(kinds.all(), served);
    this.v3 = mapper.writeValueAsBytes(documents.v3());
    this.v3Hash = hash(v3);
    this.index =
        mapper.writeValueAsBytes(
            Map.of(
                "paths",
                Map.of(
                    "apis/" + KubernetesApi.GROUP_VERSION,
                    Map.of("serverRelativeURL", V3_GROUP + "?hash=" + v3Hash))));
    Map<String, Object> v2 = documents.v2();
    this.v2Json = mapper.writeValueAsBytes(v2);
    this.v2JsonHash = hash(v2Json);
    this.v2Protobuf = GnosticEncoder.document(mapper.valueToTree(v2));
    this.v2ProtobufHash = hash(v2Protobuf);
  }

  @GetMapping(V3)
  ResponseEntity<byte[]> index() {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .cacheControl(CacheControl.noCache().cachePrivate())
        .body(index);
  }

  @GetMapping(V3_GROUP)
  ResponseEntity<byte[]> groupVersion(
      @RequestParam(required = false) String hash,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    if (hash != null && !hash.equals(v3Hash)) {
      // What the client holds is out of date: send it to the current document.
      return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
          .location(URI.create(V3_GROUP + "?hash=" + v3Hash))
          .build();
    }
    ResponseEntity.BodyBuilder answer =
        hash != null
            ? ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
                .header(HttpHeaders.EXPIRES, expiresInAYear())
                .varyBy(HttpHeaders.ACCEPT)
            : ResponseEntity.ok().cacheControl(CacheControl.noCache().cachePrivate());
    answer.eTag(quoted(v3Hash));
    if (quoted(v3Hash).equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(quoted(v3Hash)).build();
    }
    return answer.contentType(MediaType.APPLICATION_JSON).body(v3);
  }

  /**
   * The v2 document, in protobuf when the client asks for {@code
   * application/com.github.proto-openapi.spec.v2@v1.0+protobuf} (or the same with a dot for the
   * {@code @}). Written directly: Spring's media type parser refuses the {@code @} in the Accept
   * header, so content negotiation stays out of it.
   */
  @GetMapping(V2)
  void v2(
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
      HttpServletResponse response)
      throws IOException {
    boolean protobuf = accept != null && accept.contains("com.github.proto-openapi.spec.v2");
    byte[] body = protobuf ? v2Protobuf : v2Json;
    String etag = quoted(protobuf ? v2ProtobufHash : v2JsonHash);
    response.setHeader(HttpHeaders.ETAG, etag);
    response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache, private");
    if (etag.equals(ifNoneMatch)) {
      response.setStatus(HttpStatus.NOT_MODIFIED.value());
      return;
    }
    response.setContentType(protobuf ? V2_PROTOBUF : MediaType.APPLICATION_JSON_VALUE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /** The current document's hash, as the index names it. */
  String v3Hash() {
    return v3Hash;
  }

  private static String expiresInAYear() {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusYears(1));
  }

  private static String quoted(String hash) {
    return "\"" + hash + "\"";
  }

  /** SHA-512 in upper-case hex, as kube-openapi hashes its documents. */
  static String hash(byte[] content) {
    try {
      return HexFormat.of()
          .withUpperCase()
          .formatHex(MessageDigest.getInstance("SHA-512").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-512", e);
    }
  }
}
