package io.ubernetes.federation.resource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The kinds the API serves: every {@link ResourceStrategy} bean, in the order of their
 * {@code @Order}, with the names each declares in {@link ResourceStrategy#api()}. What lists, looks
 * up or describes kinds reads them here rather than keeping a list of its own. Two kinds that claim
 * the same name (kind, plural, singular, old plural or short name) stop the service at start: a
 * path or a {@code kubectl} name would mean either.
 */
@Component
public class ApiKinds {
  private final List<ResourceStrategy<?, ?, ?>> strategies;
  private final Map<String, ResourceStrategy<?, ?, ?>> byPlural = new LinkedHashMap<>();
  private final Map<String, ResourceStrategy<?, ?, ?>> bySegment = new HashMap<>();

  public ApiKinds(List<ResourceStrategy<?, ?, ?>> strategies) {
    this.strategies = List.copyOf(strategies);
    Map<String, String> names = new HashMap<>();
    for (ResourceStrategy<?, ?, ?> strategy : this.strategies) {
      ApiKind api = strategy.api();
      claim(names, strategy.kind(), strategy);
      claim(names, api.plural(), strategy);
      claim(names, api.singular(), strategy);
      claim(names, api.legacyPlural(), strategy);
      api.shortNames().forEach(shortName -> claim(names, shortName, strategy));
      byPlural.put(api.plural(), strategy);
      bySegment.put(api.plural(), strategy);
      bySegment.put(api.legacyPlural(), strategy);
    }
  }

  private static void claim(
      Map<String, String> names, String name, ResourceStrategy<?, ?, ?> strategy) {
    String other = names.putIfAbsent(name.toLowerCase(Locale.ROOT), strategy.kind());
    if (other != null && !other.equals(strategy.kind())) {
      throw new IllegalStateException(
          "the kinds " + other + " and " + strategy.kind() + " both claim the name " + name);
    }
  }

  /** Every kind, in discovery's order. */
  public List<ResourceStrategy<?, ?, ?>> all() {
    return strategies;
  }

  /** The kind of the group's paths named {@code plural}. */
  public Optional<ResourceStrategy<?, ?, ?>> byPlural(String plural) {
    return Optional.ofNullable(byPlural.get(plural));
  }

  /**
   * The kind a path segment names, in words for people ({@code placement policies}), when it is
   * written by admins and operators confined to no namespace: a cluster-scoped kind that operators
   * write too, or a namespaced kind that the namespace's operators do not.
   */
  public Optional<String> writtenByUnconfinedOperators(String segment) {
    return bySegment(segment)
        .filter(strategy -> strategy.api().unconfinedOperatorsWrite())
        .map(ApiKinds::words);
  }

  /** {@code PlacementPolicy}, plural {@code placementpolicies}: {@code placement policies}. */
  static String words(ResourceStrategy<?, ?, ?> strategy) {
    String singular =
        strategy.kind().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    String plural = strategy.api().plural();
    String joined = singular.replace(" ", "");
    int same = 0;
    while (same < joined.length()
        && same < plural.length()
        && joined.charAt(same) == plural.charAt(same)) {
      same++;
    }
    // Keep the words' spaces up to where singular and plural part, then the plural's ending.
    int kept = 0;
    for (int letters = 0; letters < same; kept++) {
      if (singular.charAt(kept) != ' ') {
        letters++;
      }
    }
    return singular.substring(0, kept) + plural.substring(same);
  }

  /** The kind a path segment names, on the group's paths or the older {@code /api/v1} ones. */
  public Optional<ResourceStrategy<?, ?, ?>> bySegment(String segment) {
    return Optional.ofNullable(bySegment.get(segment));
  }
}
