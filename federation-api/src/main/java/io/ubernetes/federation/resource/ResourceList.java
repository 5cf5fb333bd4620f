package io.ubernetes.federation.resource;

import java.util.List;

/** A page of objects of one kind, as returned by the list endpoints. */
public record ResourceList<R>(String apiVersion, String kind, ListMeta metadata, List<R> items) {
  public ResourceList {
    items = List.copyOf(items);
  }
}
