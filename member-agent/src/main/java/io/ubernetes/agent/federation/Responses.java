package io.ubernetes.agent.federation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the federation's answers: JSON bodies (a truncated or malformed one is a retriable failure,
 * like no answer), and failures by status (I/O-like ones retriable, client errors not).
 */
final class Responses {
  final ObjectMapper json =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Whether a 409 means "try again" (most calls) or "someone else has this" (joining). */
  enum Conflict {
    RETRIABLE,
    FINAL
  }

  <T> T read(String operation, HttpResponse<byte[]> response, Class<T> type)
      throws FederationUnavailableException {
    try {
      T value = json.readValue(response.body(), type);
      if (value == null) {
        throw new FederationUnavailableException(operation + ": empty answer");
      }
      return value;
    } catch (JacksonException e) {
      throw new FederationUnavailableException(
          operation
              + ": the answer is not valid JSON ("
              + response.body().length
              + " bytes): "
              + e.getOriginalMessage(),
          null,
          e);
    } catch (IOException e) {
      throw new FederationUnavailableException(operation + ": " + e.getMessage(), null, e);
    }
  }

  FederationException failure(
      String operation, HttpResponse<byte[]> response, Conflict conflict, long epoch) {
    int status = response.statusCode();
    String message = operation + ": HTTP " + status + detail(response);
    boolean retry =
        status >= 500
            || status == 429
            || status == 408
            || status == 409 && conflict == Conflict.RETRIABLE;
    if (retry) {
      return new FederationUnavailableException(message, retryAfter(response), null);
    }
    return new FederationRejectedException(message, status, epoch);
  }

  /** The problem's detail (or title), for the log; the federation never echoes credentials. */
  private String detail(HttpResponse<byte[]> response) {
    if (response.body() == null || response.body().length == 0) {
      return "";
    }
    try {
      JsonNode problem = json.readTree(response.body());
      for (String field : new String[] {"detail", "message", "title"}) {
        JsonNode value = problem == null ? null : problem.get(field);
        if (value != null && value.isTextual() && !value.asText().isBlank()) {
          return ": " + truncate(value.asText());
        }
      }
    } catch (IOException e) {
      // Not a problem document: no detail to show.
    }
    return "";
  }

  private static String truncate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }

  private static Duration retryAfter(HttpResponse<byte[]> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(RetryAfter::parse)
        .filter(d -> !d.isNegative())
        .orElse(null);
  }
}
