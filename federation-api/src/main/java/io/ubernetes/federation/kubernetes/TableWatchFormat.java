package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.resource.ApiObject;
import io.ubernetes.federation.resource.WatchFormat;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Table rows in watches that ask for them ({@code kubectl get -w}): each event a one-row Table, as
 * the Kubernetes API server sends it; the first carries the column definitions, later ones leave
 * them out and the client keeps the first's (they are the list's, so kubectl prints no new header).
 */
@Component
class TableWatchFormat implements WatchFormat {
  private final Clock clock;
  private final Tables tables;

  TableWatchFormat(Clock clock, Tables tables) {
    this.clock = clock;
    this.tables = tables;
  }

  @Override
  public Optional<Function<ApiObject<?, ?>, Object>> forWatch(
      String kind, HttpServletRequest request) {
    if (!TableAdvice.asksForTable(new ServletServerHttpRequest(request))) {
      return Optional.empty();
    }
    IncludeObject include = IncludeObject.of(request.getParameter("includeObject"));
    boolean[] first = {true};
    return Optional.of(
        object -> {
          Map<String, Object> table =
              tables.table(kind, List.of(object), null, clock.instant(), include);
          if (!first[0]) {
            table.remove("columnDefinitions");
          }
          first[0] = false;
          return table;
        });
  }
}
