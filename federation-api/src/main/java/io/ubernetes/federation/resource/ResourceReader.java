package io.ubernetes.federation.resource;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/** Reads API objects: one by name, or lists filtered by label selector, page by page. */
@Service
public class ResourceReader {
  /** Larger limits are served in pages of this size, as the Kubernetes API allows. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final ResourceTable table;
  private final ResourceCodec codec;
  private final EventTail events;

  private final TransactionTemplate snapshot;

  ResourceReader(
      ResourceTable table,
      ResourceCodec codec,
      EventTail events,
      PlatformTransactionManager transactions) {
    this.table = table;
    this.codec = codec;
    this.events = events;
    this.snapshot = new TransactionTemplate(transactions);
    snapshot.setReadOnly(true);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
  }

  public <R extends ApiObject<S, T>, S, T> R get(
      ResourceStrategy<R, S, T> strategy, String namespace, String name) {
    String scope = ResourceStore.scope(strategy, namespace);
    return table
        .find(strategy.kind(), scope, name)
        .map(entity -> codec.toObject(strategy, entity))
        .orElseThrow(() -> ApiException.notFound(strategy.kind(), scope, name));
  }

  /**
   * The objects of a kind with these uids; uids of other kinds or of no object are left out. In one
   * plain statement: the objects are decoded, not kept in the transaction's persistence context,
   * which a scheduling pass would otherwise fill with every workload and cluster it reads and check
   * each one for changes when it commits.
   */
  @Transactional(readOnly = true)
  public <R extends ApiObject<S, T>, S, T> Map<UUID, R> getAll(
      ResourceStrategy<R, S, T> strategy, Collection<UUID> uids) {
    Map<UUID, R> objects = new HashMap<>();
    if (uids.isEmpty()) {
      return objects;
    }
    for (ResourceEntity entity : table.all(strategy.storedKinds(), uids)) {
      objects.put(entity.uid(), codec.toObject(strategy, entity));
    }
    return objects;
  }

  /**
   * The objects of a kind with these names in one namespace, by name; names of no object are left
   * out. In one plain statement, as {@link #getAll} reads.
   */
  @Transactional(readOnly = true)
  public <R extends ApiObject<S, T>, S, T> Map<String, R> getNamed(
      ResourceStrategy<R, S, T> strategy, String namespace, Collection<String> names) {
    Map<String, R> objects = new HashMap<>();
    for (ResourceEntity entity :
        table.named(strategy.kind(), ResourceStore.scope(strategy, namespace), names)) {
      objects.put(entity.name(), codec.toObject(strategy, entity));
    }
    return objects;
  }

  /**
   * Every object of a kind in one namespace, in name order, in one plain statement, as {@link
   * #getAll} reads: for what a write must check against its whole namespace.
   */
  @Transactional(readOnly = true)
  public <R extends ApiObject<S, T>, S, T> List<R> inNamespace(
      ResourceStrategy<R, S, T> strategy, String namespace) {
    List<R> objects = new ArrayList<>();
    for (ResourceEntity entity :
        table.inNamespace(strategy.kind(), ResourceStore.scope(strategy, namespace))) {
      objects.add(codec.toObject(strategy, entity));
    }
    return objects;
  }

  /**
   * The objects of a kind whose {@code spec.<field>} names an object in their own namespace, for
   * any of these targets (namespace and name), in one plain statement.
   *
   * @param field a top-level spec field holding a name, e.g. a FederatedService's {@code workload}
   */
  @Transactional(readOnly = true)
  public <R extends ApiObject<S, T>, S, T> List<R> referringTo(
      ResourceStrategy<R, S, T> strategy, String field, Collection<ObjectKey> targets) {
    List<R> objects = new ArrayList<>();
    for (ResourceEntity entity : table.referring(strategy.kind(), field, targets)) {
      objects.add(codec.toObject(strategy, entity));
    }
    return objects;
  }

  /**
   * The keys of up to {@code limit} objects of a kind, in key order, whose spec holds {@code value}
   * at {@code path}: e.g. the workloads that name a placement policy. Objects of every kind the
   * strategy {@link ResourceStrategy#storedKinds stores}, kind by kind (each its own statement, so
   * that an index of one kind's references serves it).
   */
  @Transactional(readOnly = true)
  public List<ObjectKey> keysWith(
      ResourceStrategy<?, ?, ?> strategy, String value, int limit, String... path) {
    List<ObjectKey> keys = new ArrayList<>();
    for (String kind : strategy.storedKinds()) {
      if (keys.size() < limit) {
        keys.addAll(table.keysWith(kind, List.of(path), value, limit - keys.size()));
      }
    }
    return keys;
  }

  /**
   * The condition of one type of each of these objects, by name, read without decoding the rest; an
   * object without that condition maps to one of that type with nothing set, and names of no object
   * are left out.
   */
  @Transactional(readOnly = true)
  public Map<String, Condition> conditions(
      ResourceStrategy<?, ?, ?> strategy, String namespace, Collection<String> names, String type) {
    return table.conditions(strategy.kind(), ResourceStore.scope(strategy, namespace), names, type);
  }

  /** The key of every object of a kind, by uid. */
  @Transactional(readOnly = true)
  public Map<UUID, ObjectKey> keys(ResourceStrategy<?, ?, ?> strategy) {
    return table.keys(strategy.storedKinds());
  }

  /** The resourceVersion of every object of a kind, by uid: what a cache of them checks against. */
  @Transactional(readOnly = true)
  public Map<UUID, Long> versions(ResourceStrategy<?, ?, ?> strategy) {
    return table.versions(strategy.storedKinds());
  }

  /**
   * Lists objects in key order. Each page is one consistent snapshot; across pages, every object
   * that exists for the whole listing is served exactly once.
   *
   * @param namespace the namespace to list, or null for all namespaces
   * @param labelSelector Kubernetes selector syntax; null or blank selects everything
   * @param limit the page size; null or 0 for everything
   * @param continueToken from the previous page, or null for the first
   */
  public <R extends ApiObject<S, T>, S, T> ResourceList<R> list(
      ResourceStrategy<R, S, T> strategy,
      String namespace,
      String labelSelector,
      Integer limit,
      String continueToken) {
    return listIn(
        strategy,
        namespace == null ? null : Set.of(ResourceStore.scope(strategy, namespace)),
        labelSelector,
        limit,
        continueToken);
  }

  /**
   * As {@link #list(ResourceStrategy, String, String, Integer, String)}, across several namespaces.
   *
   * @param namespaces the namespaces to list, or null for all
   */
  public <R extends ApiObject<S, T>, S, T> ResourceList<R> listIn(
      ResourceStrategy<R, S, T> strategy,
      Set<String> namespaces,
      String labelSelector,
      Integer limit,
      String continueToken) {
    LabelSelector selector;
    try {
      selector = LabelSelector.parse(labelSelector);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("labelSelector", e.getMessage());
    }
    if (limit != null && limit < 0) {
      throw ApiException.badRequest("limit", "must not be negative, got " + limit);
    }
    // As in Kubernetes, 0 means no limit.
    Integer pageSize = limit == null || limit == 0 ? null : Math.min(limit, MAX_PAGE_SIZE);
    List<String> scope = namespaces == null ? null : new TreeSet<>(namespaces).stream().toList();
    long query =
        ContinueToken.fingerprint(
            strategy.kind(),
            scope == null ? null : String.join(",", scope),
            String.valueOf(labelSelector));
    ObjectKey after =
        continueToken == null || continueToken.isEmpty()
            ? null
            : ContinueToken.decode(continueToken, query).after();
    // Not the newest resourceVersion of the objects listed, which goes back when the newest is
    // deleted, but the one up to which every change has reached the watches. It is taken before
    // the snapshot the list reads (and without holding a connection while waiting for it), so
    // every change up to it is in the list, and a watch from it misses nothing.
    long resourceVersion = events.catchUp();
    return snapshot.execute(
        transaction -> {
          List<R> items = new ArrayList<>();
          String next = null;
          if (pageSize == null) {
            ObjectKey from = after;
            List<ResourceEntity> page;
            do {
              page = table.page(strategy.kind(), scope, selector, from, MAX_PAGE_SIZE);
              page.forEach(entity -> items.add(codec.toObject(strategy, entity)));
              from = page.isEmpty() ? null : key(page.getLast());
            } while (page.size() == MAX_PAGE_SIZE);
          } else {
            List<ResourceEntity> page =
                table.page(strategy.kind(), scope, selector, after, pageSize + 1);
            page.stream()
                .limit(pageSize)
                .forEach(entity -> items.add(codec.toObject(strategy, entity)));
            if (page.size() > pageSize) {
              next = new ContinueToken(key(page.get(pageSize - 1)), query).encode();
            }
          }
          return new ResourceList<>(
              ApiObject.API_VERSION,
              strategy.kind() + "List",
              new ListMeta(Long.toString(resourceVersion), next),
              items);
        });
  }

  private static ObjectKey key(ResourceEntity entity) {
    return new ObjectKey(entity.namespace(), entity.name());
  }
}
