package io.ubernetes.federation.resource;

/**
 * A {@link ResourceStrategy} of a kind whose wire type is a plain record of {@code apiVersion},
 * {@code kind}, {@code metadata}, {@code spec} and {@code status}, named as a DNS subdomain (as
 * most Kubernetes kinds are): its kind, scope, types and how an object is put together are given
 * once, to the constructor, and the subclass keeps only what is its own, its names, validation and
 * status.
 *
 * @param <R> the wire type
 * @param <S> the spec type
 * @param <T> the status type
 */
public abstract class RecordKindStrategy<R extends ApiObject<S, T>, S, T>
    implements ResourceStrategy<R, S, T> {
  /** The scope of a kind whose objects live in a namespace. */
  protected static final boolean NAMESPACED = true;

  /** The scope of a kind whose objects belong to the federation as a whole. */
  protected static final boolean CLUSTER_SCOPED = false;

  private final String kind;
  private final ApiKind api;
  private final boolean namespaced;
  private final Class<R> type;
  private final Class<S> specType;
  private final Class<T> statusType;
  private final Constructor<R, S, T> constructor;

  /**
   * @param namespaced {@link #NAMESPACED} or {@link #CLUSTER_SCOPED}
   * @param constructor the record's canonical constructor, e.g. {@code ClusterSet::new}
   */
  protected RecordKindStrategy(
      String kind,
      ApiKind api,
      boolean namespaced,
      Class<R> type,
      Class<S> specType,
      Class<T> statusType,
      Constructor<R, S, T> constructor) {
    this.kind = kind;
    this.api = api;
    this.namespaced = namespaced;
    this.type = type;
    this.specType = specType;
    this.statusType = statusType;
    this.constructor = constructor;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public ApiKind api() {
    return api;
  }

  @Override
  public boolean namespaced() {
    return namespaced;
  }

  @Override
  public Class<R> type() {
    return type;
  }

  @Override
  public Class<S> specType() {
    return specType;
  }

  @Override
  public Class<T> statusType() {
    return statusType;
  }

  @Override
  public R assemble(ObjectMeta metadata, S spec, T status) {
    return constructor.create(ApiObject.API_VERSION, kind, metadata, spec, status);
  }

  @Override
  public void validateName(String name, String field, FieldErrors errors) {
    KubernetesValidation.dnsSubdomain(name, field, errors);
  }

  /** A kind's record made from its five components, in their order. */
  @FunctionalInterface
  public interface Constructor<R, S, T> {
    R create(String apiVersion, String kind, ObjectMeta metadata, S spec, T status);
  }
}
