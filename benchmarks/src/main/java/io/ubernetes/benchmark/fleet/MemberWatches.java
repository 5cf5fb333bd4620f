package io.ubernetes.benchmark.fleet;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches the federation's Deployments in every member cluster and notes, for each, when it first
 * appeared and when all its replicas were first ready. Keys are {@code cluster/namespace/name}.
 */
final class MemberWatches implements AutoCloseable {
  private final List<KubernetesClient> clients = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private final Map<String, Long> appeared = new ConcurrentHashMap<>();
  private final Map<String, Long> ready = new ConcurrentHashMap<>();
  private final Map<String, Integer> replicas = new ConcurrentHashMap<>();
  private final Set<String> present = ConcurrentHashMap.newKeySet();

  /**
   * @param apiServers each member cluster's API server URL, by cluster name
   */
  MemberWatches(Map<String, String> apiServers) {
    apiServers.forEach(this::watch);
  }

  private void watch(String cluster, String url) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withTrustCerts(true)
            .withRequestTimeout(30_000)
            .withHttp2Disable(true)
            .build();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(new JdkHttpClientFactory())
            .build();
    clients.add(client);
    watches.add(
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel("ubernetes.io/managed-by", "ubernetes")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Deployment deployment) {
                    long now = System.nanoTime();
                    if (action == Action.ERROR) {
                      return;
                    }
                    String key =
                        cluster
                            + "/"
                            + deployment.getMetadata().getNamespace()
                            + "/"
                            + deployment.getMetadata().getName();
                    if (action == Action.DELETED) {
                      present.remove(key);
                      return;
                    }
                    present.add(key);
                    appeared.putIfAbsent(key, now);
                    int wanted =
                        deployment.getSpec().getReplicas() == null
                            ? 1
                            : deployment.getSpec().getReplicas();
                    replicas.put(key, wanted);
                    Integer readyReplicas =
                        deployment.getStatus() == null
                            ? null
                            : deployment.getStatus().getReadyReplicas();
                    if (readyReplicas != null && readyReplicas >= wanted) {
                      ready.putIfAbsent(key, now);
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    // The benchmark ends or a cluster stopped: nothing more to note.
                  }
                }));
  }

  /** When the Deployment first appeared ({@link System#nanoTime}), or null. */
  Long appeared(String cluster, String namespace, String name) {
    return appeared.get(cluster + "/" + namespace + "/" + name);
  }

  /** When all its replicas were first ready, or null. */
  Long ready(String cluster, String namespace, String name) {
    return ready.get(cluster + "/" + namespace + "/" + name);
  }

  /** The replicas it wants, as last seen; 0 if never seen. */
  int replicas(String cluster, String namespace, String name) {
    return replicas.getOrDefault(cluster + "/" + namespace + "/" + name, 0);
  }

  /** Deployments seen in namespaces starting with {@code prefix}. */
  long deployments(String prefix) {
    return appeared.keySet().stream().filter(k -> inNamespaces(k, prefix)).count();
  }

  /** Deployments in namespaces starting with {@code prefix} that exist now. */
  long present(String prefix) {
    return present.stream().filter(k -> inNamespaces(k, prefix)).count();
  }

  /**
   * Every Deployment seen in namespaces starting with {@code prefix}, as {@code
   * cluster/namespace/name}.
   */
  Set<String> seen(String prefix) {
    Set<String> seen = new HashSet<>();
    appeared.keySet().stream().filter(k -> inNamespaces(k, prefix)).forEach(seen::add);
    return seen;
  }

  private static boolean inNamespaces(String key, String prefix) {
    return key.substring(key.indexOf('/') + 1).startsWith(prefix + "-");
  }

  @Override
  public void close() {
    watches.forEach(Watch::close);
    clients.forEach(KubernetesClient::close);
  }
}
