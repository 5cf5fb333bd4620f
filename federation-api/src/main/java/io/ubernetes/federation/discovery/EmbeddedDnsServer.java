package io.ubernetes.federation.discovery;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ubernetes.dns.serve.DnsServer;
import io.ubernetes.dns.serve.Snapshot;
import java.net.InetSocketAddress;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The DNS server inside the federation service ({@code ubernetes.dns.enabled=true}): answers from
 * the directory's latest zone, compiled once per change. Every instance serves; none writes. Public
 * so that what embeds the service (the sandbox) can say where it listens.
 */
@Component
@ConditionalOnBooleanProperty("ubernetes.dns.enabled")
public class EmbeddedDnsServer implements SmartLifecycle {
  private final ServiceDirectory directory;
  private final DnsProperties properties;
  private final MeterRegistry meters;
  private volatile DnsServer server;

  EmbeddedDnsServer(ServiceDirectory directory, DnsProperties properties, MeterRegistry meters) {
    this.directory = directory;
    this.properties = properties;
    this.meters = meters;
  }

  @Override
  public void start() {
    try {
      DnsServer started =
          DnsServer.start(
              new DnsServer.Options(
                  new InetSocketAddress(properties.address(), properties.port()),
                  properties.threads(),
                  0,
                  0,
                  null),
              Snapshot.of(directory.zone()));
      directory.onChange(zone -> started.update(Snapshot.of(zone)));
      for (String rcode : new String[] {"NOERROR", "NXDOMAIN", "REFUSED", "FORMERR", "SERVFAIL"}) {
        FunctionCounter.builder(
                "ubernetes.dns.responses", started.stats(), stats -> stats.answered(rcode))
            .tag("rcode", rcode)
            .description("DNS responses sent")
            .register(meters);
      }
      server = started;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while starting the DNS server", e);
    }
  }

  /**
   * Where it listens (the port chosen when configured as 0).
   *
   * @throws IllegalStateException when it is not running
   */
  public InetSocketAddress address() {
    DnsServer current = server;
    if (current == null) {
      throw new IllegalStateException("the DNS server is not running");
    }
    return current.address();
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }
}
