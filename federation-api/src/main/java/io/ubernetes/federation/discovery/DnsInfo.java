package io.ubernetes.federation.discovery;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

/**
 * Where this instance's DNS server listens, under {@code dns} in {@code GET /actuator/info}:
 * nothing else tells a client (such as {@code kubectl ubernetes doctor}) which address and port to
 * ask, and the port is often not 53 (5353 in the sandbox, or one chosen at start).
 */
@Component
class DnsInfo implements InfoContributor {
  private final DnsProperties properties;
  private final ObjectProvider<EmbeddedDnsServer> server;

  DnsInfo(DnsProperties properties, ObjectProvider<EmbeddedDnsServer> server) {
    this.properties = properties;
    this.server = server;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> dns = new LinkedHashMap<>();
    EmbeddedDnsServer running = server.getIfAvailable();
    dns.put("enabled", running != null && running.isRunning());
    if (running != null && running.isRunning()) {
      InetSocketAddress address = running.address();
      dns.put("address", address.getAddress().getHostAddress());
      dns.put("port", address.getPort());
    }
    dns.put("domain", properties.domain());
    dns.put("federation", properties.federation());
    builder.withDetail("dns", dns);
  }
}
