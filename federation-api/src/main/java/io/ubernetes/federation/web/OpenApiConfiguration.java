package io.ubernetes.federation.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description: the resources, and the problem documents every operation may answer. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
  private static final String PROBLEM = "Problem";
  private static final String BEARER = "bearer";

  /** The errors any operation can answer with, besides its own. */
  private static final Map<String, String> COMMON_ERRORS =
      Map.of(
          "400", "Malformed request: unreadable body (its line and column named), bad parameter",
          "401", "No valid bearer token (missing, unknown, expired or revoked)",
          "403", "The token's role or namespaces do not allow this",
          "429",
              "Too many failed authentications from this address or with this credential; retry after Retry-After",
          "500", "Internal error (a bug; logged)",
          "503", "Storage unavailable; retry after the Retry-After delay");

  /** The errors of operations that take a body. */
  private static final Map<String, String> WRITE_ERRORS =
      Map.of(
          "409", "Conflict: already exists, stale resourceVersion, or still referenced",
          "413", "Body larger than the limit (1 MiB by default)",
          "415", "Unsupported Content-Type",
          "422", "Invalid object: every unknown, mistyped or invalid field is listed in errors[]");

  @Bean
  OpenAPI federationOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Ubernetes federation API")
                .version("v1")
                .description(
                    "Member clusters, federated workloads and services, placement policies, rollout"
                        + " strategies and override policies,"
                        + " served as Kubernetes-style resources (apiVersion ubernetes.io/v1) in"
                        + " JSON or YAML. Errors are RFC 9457 problem documents.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description(
                            "An API token (ubt_...), a JWT from the configured identity provider,"
                                + " or a member agent's cluster credential (ubc_...)")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  @Bean
  GlobalOpenApiCustomizer problemResponses() {
    return openApi -> {
      if (openApi.getComponents() == null) {
        openApi.setComponents(new Components());
      }
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi
          .getPaths()
          .forEach(
              (path, item) ->
                  item.readOperationsMap()
                      .forEach(
                          (method, operation) -> {
                            if (path.startsWith("/api/")) {
                              COMMON_ERRORS.forEach(
                                  (code, text) ->
                                      operation.getResponses().addApiResponse(code, problem(text)));
                              if (path.contains("{name}")) {
                                operation
                                    .getResponses()
                                    .addApiResponse("404", problem("No object of that name"));
                              }
                              if (method.name().matches("POST|PUT|PATCH|DELETE")) {
                                WRITE_ERRORS.forEach(
                                    (code, text) ->
                                        operation
                                            .getResponses()
                                            .addApiResponse(code, problem(text)));
                              }
                            }
                          }));
    };
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/problem+json",
                    new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
  }

  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    Schema<?> fieldError =
        new ObjectSchema()
            .addProperty(
                "field", new StringSchema().example("spec.placement.preferences[0].weight"))
            .addProperty("message", new StringSchema().example("must be between 1 and 100, got 0"));
    return new ObjectSchema()
        .description("RFC 9457 problem details")
        .addProperty("type", new StringSchema().format("uri"))
        .addProperty("title", new StringSchema().example("Invalid"))
        .addProperty("status", new IntegerSchema().example(422))
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri"))
        .addProperty("reason", new StringSchema().description("Kubernetes status reason"))
        .addProperty("errors", new ArraySchema().items(fieldError));
  }
}
