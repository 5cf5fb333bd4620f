package io.ubernetes.federation.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.dns.records.ZoneConfig.NameServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsPropertiesTest {
  private static DnsProperties listeningOn(String address, List<String> glue) {
    return new DnsProperties(
        true,
        address,
        null,
        null,
        "example.org",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        glue,
        null);
  }

  @Test
  void anInZoneNameServerHasTheListenAddressAsGlue() {
    assertThat(listeningOn("192.0.2.53", null).zone().nameServers())
        .containsExactly(new NameServer("ns.example.org", List.of("192.0.2.53")));
  }

  @Test
  void aWildcardListenAddressIsNeverGlue() {
    assertThat(listeningOn("0.0.0.0", null).zone().nameServers())
        .containsExactly(new NameServer("ns.example.org", List.of()));
    assertThat(listeningOn("::", null).zone().nameServers())
        .containsExactly(new NameServer("ns.example.org", List.of()));
  }

  @Test
  void configuredGlueAddressesWinOverTheListenAddress() {
    assertThat(listeningOn("0.0.0.0", List.of("203.0.113.53")).zone().nameServers())
        .containsExactly(new NameServer("ns.example.org", List.of("203.0.113.53")));
  }
}
