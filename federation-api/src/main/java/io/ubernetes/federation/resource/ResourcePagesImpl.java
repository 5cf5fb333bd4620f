package io.ubernetes.federation.resource;

import io.ubernetes.federation.resource.LabelSelector.Requirement;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import tools.jackson.databind.json.JsonMapper;

/**
 * Translates label selectors to SQL over the {@code labels} jsonb column. Equality and set terms
 * become containment ({@code @>}), which the GIN index serves; existence terms use {@code
 * jsonb_exists}.
 */
class ResourcePagesImpl implements ResourcePages {
  @PersistenceContext private EntityManager entityManager;
  private final JsonMapper jsonMapper;

  ResourcePagesImpl(JsonMapper jsonMapper) {
    this.jsonMapper = jsonMapper;
  }

  @Override
  public Optional<ResourceEntity> lockForUpdate(String kind, String namespace, String name) {
    List<Object[]> rows =
        entityManager
            .createQuery(
                "select r, r.resourceVersion from ResourceEntity r"
                    + " where r.kind = :kind and r.namespace = :namespace and r.name = :name",
                Object[].class)
            .setParameter("kind", kind)
            .setParameter("namespace", namespace)
            .setParameter("name", name)
            .setLockMode(LockModeType.PESSIMISTIC_WRITE)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    ResourceEntity entity = (ResourceEntity) rows.getFirst()[0];
    // The scalar comes from the locked row; the entity may be one this transaction read earlier.
    if (!rows.getFirst()[1].equals(entity.resourceVersion())) {
      entityManager.refresh(entity);
    }
    return Optional.of(entity);
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<ResourceEntity> page(
      String kind,
      Collection<String> namespaces,
      LabelSelector selector,
      ObjectKey after,
      int limit) {
    StringBuilder sql = new StringBuilder("select * from resources where kind = :kind");
    Map<String, Object> parameters = new HashMap<>();
    parameters.put("kind", kind);
    if (namespaces != null && namespaces.size() == 1) {
      sql.append(" and namespace = :namespace");
      parameters.put("namespace", namespaces.iterator().next());
    } else if (namespaces != null) {
      sql.append(" and namespace = any(cast(:namespaces as text[]))");
      parameters.put("namespaces", namespaces.toArray(String[]::new));
    }
    if (after != null) {
      sql.append(" and (namespace, name) > (:afterNamespace, :afterName)");
      parameters.put("afterNamespace", after.namespace());
      parameters.put("afterName", after.name());
    }
    for (Requirement requirement : selector.requirements()) {
      sql.append(" and ").append(condition(requirement, parameters));
    }
    sql.append(" order by namespace, name limit :limit");
    parameters.put("limit", limit);

    Query query = entityManager.createNativeQuery(sql.toString(), ResourceEntity.class);
    parameters.forEach(query::setParameter);
    return query.getResultList();
  }

  private String condition(Requirement requirement, Map<String, Object> parameters) {
    return switch (requirement.operator()) {
      case EQUALS -> contains(requirement.key(), requirement.values(), parameters);
      case IN -> contains(requirement.key(), requirement.values(), parameters);
      case NOT_EQUALS, NOT_IN ->
          "not " + contains(requirement.key(), requirement.values(), parameters);
      case EXISTS -> "jsonb_exists(labels, " + bind(requirement.key(), parameters) + ")";
      case DOES_NOT_EXIST ->
          "not jsonb_exists(labels, " + bind(requirement.key(), parameters) + ")";
    };
  }

  private String contains(String key, List<String> values, Map<String, Object> parameters) {
    StringJoiner anyOf = new StringJoiner(" or ", "(", ")");
    for (String value : values) {
      String pair = jsonMapper.writeValueAsString(Map.of(key, value));
      anyOf.add("labels @> cast(" + bind(pair, parameters) + " as jsonb)");
    }
    return anyOf.toString();
  }

  private static String bind(String value, Map<String, Object> parameters) {
    String name = "p" + parameters.size();
    parameters.put(name, value);
    return ":" + name;
  }
}
