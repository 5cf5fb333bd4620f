package io.ubernetes.dns.records;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Every name of the zone with its records, immutable: names that exist without records of their own
 * (empty non-terminals, and the global name of a service with no healthy shard) map to an empty
 * list. Built from a {@link Directory} by {@link ZoneBuilder}.
 */
public final class Zone {
  /** DNS canonical order (RFC 4034 6.1): by labels from the right. */
  static final Comparator<String> CANONICAL =
      (a, b) -> {
        int i = a.length();
        int j = b.length();
        while (i > 0 && j > 0) {
          int startA = a.lastIndexOf('.', i - 1) + 1;
          int startB = b.lastIndexOf('.', j - 1) + 1;
          int c = a.substring(startA, i).compareTo(b.substring(startB, j));
          if (c != 0) {
            return c;
          }
          i = startA - 1;
          j = startB - 1;
        }
        return Integer.compare(i, j);
      };

  private final ZoneConfig config;
  private final long serial;
  private final NavigableMap<String, List<ResourceRecord>> names;
  private final List<String> skipped;

  Zone(
      ZoneConfig config,
      long serial,
      NavigableMap<String, List<ResourceRecord>> names,
      List<String> skipped) {
    this.config = config;
    this.serial = serial;
    this.names = Collections.unmodifiableNavigableMap(names);
    this.skipped = List.copyOf(skipped);
  }

  /** The zone of {@code directory}. */
  public static Zone of(Directory directory) {
    return new ZoneBuilder(directory).build();
  }

  public ZoneConfig config() {
    return config;
  }

  /** The SOA serial. */
  public long serial() {
    return serial;
  }

  /** Every name that exists, in canonical order, with its records. */
  public NavigableMap<String, List<ResourceRecord>> names() {
    return names;
  }

  /** Every record, in canonical order of their names, the apex first. */
  public List<ResourceRecord> records() {
    List<ResourceRecord> all = new ArrayList<>();
    names.values().forEach(all::addAll);
    return all;
  }

  /** The records of {@code name}; empty when it has none or does not exist. */
  public List<ResourceRecord> at(String name) {
    return names.getOrDefault(name, List.of());
  }

  public boolean exists(String name) {
    return names.containsKey(name);
  }

  /** Locations and services left out because their names are not valid DNS labels, and why. */
  public List<String> skipped() {
    return skipped;
  }

  static NavigableMap<String, List<ResourceRecord>> emptyNames() {
    return new TreeMap<>(CANONICAL);
  }
}
