package io.ubernetes.dns.records;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.dns.records.Directory.DnsService;
import io.ubernetes.dns.records.Directory.Location;
import io.ubernetes.dns.records.Directory.Shard;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZoneTest {
  private static final String GLOBAL = "web.shop.fed.svc.ubernetes.local";

  private static List<String> at(Zone zone, String name) {
    return zone.at(name).stream()
        .map(r -> r.data().type() + " " + r.data().presentation())
        .toList();
  }

  @Test
  void globalNameHasEveryHealthyShardsAddressesAndNoUnhealthyOnes() {
    Zone zone = Zone.of(Fleets.web(7));

    assertThat(at(zone, GLOBAL)).containsExactly("A 10.1.0.1", "A 10.1.0.2", "A 10.2.0.1");
    assertThat(zone.at(GLOBAL)).allSatisfy(r -> assertThat(r.ttl()).isEqualTo(30));
  }

  @Test
  void eachLevelHasItsOwnShardsOrACnameOneLevelUp() {
    Zone zone = Zone.of(Fleets.web(7));

    assertThat(at(zone, "web.shop.fed.svc.eu-central.ubernetes.local"))
        .containsExactly("A 10.1.0.1", "A 10.1.0.2");
    assertThat(at(zone, "web.shop.fed.svc.fra-1.eu-central.ubernetes.local"))
        .containsExactly("A 10.1.0.1", "A 10.1.0.2");
    assertThat(at(zone, "web.shop.fed.svc.onprem-fra.fra-1.eu-central.ubernetes.local"))
        .containsExactly("A 10.1.0.1", "A 10.1.0.2");
    // A cluster without a shard points at its zone, which has one.
    assertThat(at(zone, "web.shop.fed.svc.onprem-fra-b.fra-1.eu-central.ubernetes.local"))
        .containsExactly("CNAME web.shop.fed.svc.fra-1.eu-central.ubernetes.local.");
    // The US shard is unhealthy: its cluster, zone and region fall back up to the global name.
    assertThat(at(zone, "web.shop.fed.svc.aws-us-east.us-east-1a.us-east.ubernetes.local"))
        .containsExactly("CNAME web.shop.fed.svc.us-east-1a.us-east.ubernetes.local.");
    assertThat(at(zone, "web.shop.fed.svc.us-east-1a.us-east.ubernetes.local"))
        .containsExactly("CNAME web.shop.fed.svc.us-east.ubernetes.local.");
    assertThat(at(zone, "web.shop.fed.svc.us-east.ubernetes.local"))
        .containsExactly("CNAME " + GLOBAL + ".");
    assertThat(zone.at("web.shop.fed.svc.us-east.ubernetes.local").get(0).ttl()).isEqualTo(5);
  }

  @Test
  void namedPortsHaveSrvRecordsAtEveryLevel() {
    Zone zone = Zone.of(Fleets.web(7));

    assertThat(at(zone, "_http._tcp." + GLOBAL)).containsExactly("SRV 0 0 80 " + GLOBAL + ".");
    assertThat(at(zone, "_http._tcp.web.shop.fed.svc.us-east.ubernetes.local"))
        .containsExactly("CNAME _http._tcp." + GLOBAL + ".");
    // The unnamed port has none.
    assertThat(zone.names().keySet()).noneMatch(name -> name.contains("9090"));
  }

  @Test
  void withNoHealthyShardTheGlobalNameExistsWithoutRecords() {
    Zone zone =
        Zone.of(Fleets.directory(3, List.of(new Shard("onprem-fra", List.of("10.1.0.1"), false))));

    assertThat(zone.exists(GLOBAL)).isTrue();
    assertThat(zone.at(GLOBAL)).isEmpty();
    assertThat(zone.exists("_http._tcp." + GLOBAL)).isTrue();
    assertThat(at(zone, "web.shop.fed.svc.eu-central.ubernetes.local"))
        .containsExactly("CNAME " + GLOBAL + ".");
  }

  @Test
  void apexHasSoaAndNsAndEveryAncestorExists() {
    Zone zone = Zone.of(Fleets.web(7));

    assertThat(at(zone, "ubernetes.local"))
        .containsExactly(
            "SOA ns.ubernetes.local. hostmaster.ubernetes.local. 7 3600 600 86400 5",
            "NS ns.ubernetes.local.");
    assertThat(zone.exists("shop.fed.svc.ubernetes.local")).isTrue();
    assertThat(zone.exists("svc.ubernetes.local")).isTrue();
    assertThat(zone.exists("eu-central.ubernetes.local")).isTrue();
    assertThat(zone.exists("other.shop.fed.svc.ubernetes.local")).isFalse();
    assertThat(zone.records().get(0).data()).isInstanceOf(RData.Soa.class);
  }

  @Test
  void hostNamesAndBadLabelsAreLeftOutNeverResolved() {
    Zone zone =
        Zone.of(
            new Directory(
                1,
                Fleets.ZONE,
                List.of(new Location("Bad_Cluster", "z", "r"), new Location("ok", "z", "r")),
                List.of(
                    new DnsService(
                        "shop",
                        "web",
                        List.of(),
                        List.of(new Shard("ok", List.of("lb.example.com", "2001:db8::1"), true))),
                    new DnsService("shop", "Not A Label", List.of(), List.of()))));

    assertThat(at(zone, GLOBAL)).containsExactly("AAAA 2001:db8:0:0:0:0:0:1");
    assertThat(zone.skipped()).hasSize(2);
  }

  @Test
  void zoneFileListsEveryRecordUnderItsOrigin() {
    String file = ZoneFile.write(Zone.of(Fleets.web(7)));

    assertThat(file)
        .contains("$ORIGIN ubernetes.local.\n")
        .contains("ubernetes.local. 30 IN SOA ns.ubernetes.local. hostmaster.ubernetes.local. 7")
        .contains(GLOBAL + ". 30 IN A 10.1.0.1\n")
        .contains("_http._tcp." + GLOBAL + ". 30 IN SRV 0 0 80 " + GLOBAL + ".\n");
  }
}
