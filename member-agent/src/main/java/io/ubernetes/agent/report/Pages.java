package io.ubernetes.agent.report;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.dsl.Listable;
import java.util.function.Consumer;

/** Lists 500 objects at a time, so that a large cluster does not need a large heap. */
final class Pages {
  private static final long SIZE = 500;

  private Pages() {}

  /**
   * Hands every listed object to {@code action}, page by page. Throws {@link
   * io.fabric8.kubernetes.client.KubernetesClientException} when the API fails.
   */
  static <T extends HasMetadata> void forEach(
      Listable<? extends KubernetesResourceList<T>> list, Consumer<? super T> action) {
    String next = null;
    do {
      KubernetesResourceList<T> page =
          list.list(new ListOptionsBuilder().withLimit(SIZE).withContinue(next).build());
      page.getItems().forEach(action);
      next = continueToken(page.getMetadata());
    } while (next != null);
  }

  private static String continueToken(ListMeta meta) {
    return meta == null || meta.getContinue() == null || meta.getContinue().isEmpty()
        ? null
        : meta.getContinue();
  }
}
