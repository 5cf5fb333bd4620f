package io.ubernetes.federation.discovery;

import io.ubernetes.dns.records.Addresses;
import io.ubernetes.dns.records.ZoneConfig;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Cross-cluster service discovery.
 *
 * @param enabled whether this instance serves DNS itself (the exports and the record feed are
 *     always on)
 * @param address the address the DNS server listens on
 * @param port its UDP and TCP port
 * @param threads its event loop threads
 * @param domain the zone's suffix
 * @param federation the federation's name in service names
 * @param localTtl TTL of cluster and zone names and of CNAMEs
 * @param wideTtl TTL of region and global names
 * @param negativeTtl TTL of NXDOMAIN and NODATA answers
 * @param gracePeriod how long a cluster that stopped being Ready keeps its records
 * @param refreshInterval how often the directory is recomputed from the database
 * @param nameServers the zone's NS names
 * @param glueAddresses the addresses of in-zone NS names (glue); by default the listen address,
 *     unless it is a wildcard ({@code 0.0.0.0} in a pod, say), which is never given as glue
 * @param externalDnsOwner the owner id of the ExternalDNS export
 */
@ConfigurationProperties("ubernetes.dns")
public record DnsProperties(
    boolean enabled,
    String address,
    Integer port,
    Integer threads,
    String domain,
    String federation,
    Duration localTtl,
    Duration wideTtl,
    Duration negativeTtl,
    Duration gracePeriod,
    Duration refreshInterval,
    List<String> nameServers,
    List<String> glueAddresses,
    String externalDnsOwner) {

  public DnsProperties {
    address = address == null ? "127.0.0.1" : address;
    port = port == null ? 5353 : port;
    threads = threads == null ? 1 : threads;
    domain = domain == null ? "ubernetes.local" : domain;
    federation = federation == null ? "federation" : federation;
    localTtl = localTtl == null ? Duration.ofSeconds(5) : localTtl;
    wideTtl = wideTtl == null ? Duration.ofSeconds(30) : wideTtl;
    negativeTtl = negativeTtl == null ? Duration.ofSeconds(5) : negativeTtl;
    gracePeriod = gracePeriod == null ? Duration.ofSeconds(45) : gracePeriod;
    refreshInterval = refreshInterval == null ? Duration.ofSeconds(1) : refreshInterval;
    nameServers = nameServers == null ? List.of() : List.copyOf(nameServers);
    glueAddresses = glueAddresses == null ? List.of() : List.copyOf(glueAddresses);
    externalDnsOwner = externalDnsOwner == null ? "ubernetes-" + federation : externalDnsOwner;
  }

  ZoneConfig zone() {
    List<String> glue =
        !glueAddresses.isEmpty()
            ? glueAddresses
            : Addresses.parse(address).filter(a -> !a.isAnyLocalAddress()).isPresent()
                ? List.of(address)
                : List.of();
    List<ZoneConfig.NameServer> servers =
        (nameServers.isEmpty() ? List.of("ns." + domain) : nameServers)
            .stream().map(name -> new ZoneConfig.NameServer(name, glue)).toList();
    return new ZoneConfig(
        domain,
        federation,
        new ZoneConfig.Ttls(
            (int) localTtl.toSeconds(), (int) wideTtl.toSeconds(), (int) negativeTtl.toSeconds()),
        servers,
        null);
  }
}
