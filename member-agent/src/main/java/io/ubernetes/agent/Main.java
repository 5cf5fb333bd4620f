package io.ubernetes.agent;

import ch.qos.logback.classic.LoggerContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the agent: configuration from the environment, the member cluster through the Kubernetes
 * client's usual discovery (in-cluster service account or kubeconfig). Exits with 2 on invalid
 * configuration; stops cleanly on SIGTERM.
 */
public final class Main {
  static final int INVALID_CONFIGURATION = 2;

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    AgentConfig config;
    try {
      config = AgentConfigLoader.load(System.getenv());
    } catch (InvalidConfigException e) {
      System.err.println("ubernetes-agent: invalid configuration: " + e.getMessage());
      System.exit(INVALID_CONFIGURATION);
      return;
    }
    MDC.put("cluster", config.clusterName());
    KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig()).build();
    MemberAgent agent = MemberAgent.start(config, client);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  MDC.put("cluster", config.clusterName());
                  agent.close();
                  client.close();
                  stopped.countDown();
                  if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logging) {
                    logging.stop();
                  }
                },
                "shutdown"));
    stopped.await();
  }

  /**
   * The auto-configured client, with fewer request retries than Fabric8's default of ten: the
   * agent's loops retry themselves, and a heartbeat must not wait minutes for a dead API server.
   */
  static Config clientConfig() {
    return new ConfigBuilder(Config.autoConfigure(null))
        .withRequestRetryBackoffLimit(2)
        .withConnectionTimeout(5_000)
        .withRequestTimeout(10_000)
        .build();
  }

  /** For tests: loads the configuration the way {@link #main} does. */
  static AgentConfig configFrom(Map<String, String> environment) throws InvalidConfigException {
    return AgentConfigLoader.load(environment);
  }
}
