package io.ubernetes.dns.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ubernetes.dns.records.Directory.Shard;
import io.ubernetes.dns.records.Fleets;
import io.ubernetes.dns.records.Zone;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server on a real socket on 127.0.0.1, asked by dnsjava over UDP and TCP. */
class DnsServerIT {
  private static final String GLOBAL = "web.shop.fed.svc.ubernetes.local.";
  private static final String REGION_EU = "web.shop.fed.svc.eu-central.ubernetes.local.";
  private static final String ZONE_FRA = "web.shop.fed.svc.fra-1.eu-central.ubernetes.local.";
  private static final String CLUSTER_FRA =
      "web.shop.fed.svc.onprem-fra.fra-1.eu-central.ubernetes.local.";
  private static final String CLUSTER_FRA_B =
      "web.shop.fed.svc.onprem-fra-b.fra-1.eu-central.ubernetes.local.";

  private static DnsServer server;
  private static SimpleResolver udp;
  private static SimpleResolver tcp;

  @BeforeAll
  static void start() throws Exception {
    server =
        DnsServer.start(
            DnsServer.Options.on(new InetSocketAddress("127.0.0.1", 0)),
            Snapshot.of(Zone.of(Fleets.web(1))));
    udp = resolver(false);
    tcp = resolver(true);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void restoreZone() {
    server.update(Snapshot.of(Zone.of(Fleets.web(1))));
  }

  private static SimpleResolver resolver(boolean useTcp) throws IOException {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(server.address().getPort());
    resolver.setTCP(useTcp);
    resolver.setTimeout(Duration.ofSeconds(2));
    return resolver;
  }

  private static Message ask(SimpleResolver resolver, String name, int type) throws IOException {
    return resolver.send(
        Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private static List<String> answers(Message response) {
    List<String> answers = new ArrayList<>();
    for (Record record : response.getSection(Section.ANSWER)) {
      answers.add(
          record.getName() + " " + Type.string(record.getType()) + " " + record.rdataToString());
    }
    return answers;
  }

  @Test
  void globalNameAnswersEveryHealthyShardAuthoritatively() throws IOException {
    Message response = ask(udp, GLOBAL, Type.A);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(response))
        .containsExactly(GLOBAL + " A 10.1.0.1", GLOBAL + " A 10.1.0.2", GLOBAL + " A 10.2.0.1");
    assertThat(response.getSection(Section.ANSWER))
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(30));
  }

  @Test
  void regionZoneAndClusterNamesAnswerTheirOwnShards() throws IOException {
    for (String name : List.of(REGION_EU, ZONE_FRA, CLUSTER_FRA)) {
      assertThat(answers(ask(udp, name, Type.A)))
          .containsExactly(name + " A 10.1.0.1", name + " A 10.1.0.2");
    }
    assertThat(ask(udp, CLUSTER_FRA, Type.A).getSection(Section.ANSWER))
        .allSatisfy(r -> assertThat(r.getTTL()).isEqualTo(5));
  }

  @Test
  void aClusterWithoutAShardGetsItsZonesAnswerThroughACname() throws IOException {
    assertThat(answers(ask(udp, CLUSTER_FRA_B, Type.A)))
        .containsExactly(
            CLUSTER_FRA_B + " CNAME " + ZONE_FRA,
            ZONE_FRA + " A 10.1.0.1",
            ZONE_FRA + " A 10.1.0.2");
  }

  @Test
  void namesFallBackLevelByLevelAsShardsTurnUnhealthyAndComeBack() throws IOException {
    server.update(
        Snapshot.of(
            Zone.of(
                Fleets.directory(
                    2,
                    List.of(
                        new Shard("onprem-fra", List.of("10.1.0.1"), false),
                        new Shard("aws-eu-west", List.of("10.2.0.1"), true))))));

    assertThat(answers(ask(udp, CLUSTER_FRA, Type.A)))
        .containsExactly(
            CLUSTER_FRA + " CNAME " + ZONE_FRA,
            ZONE_FRA + " CNAME " + REGION_EU,
            REGION_EU + " CNAME " + GLOBAL,
            GLOBAL + " A 10.2.0.1");

    server.update(Snapshot.of(Zone.of(Fleets.web(3))));

    assertThat(answers(ask(udp, CLUSTER_FRA, Type.A)))
        .containsExactly(CLUSTER_FRA + " A 10.1.0.1", CLUSTER_FRA + " A 10.1.0.2");
  }

  @Test
  void srvRecordsNameThePortAndTheTargetsAddresses() throws IOException {
    Message response = ask(udp, "_http._tcp." + GLOBAL, Type.SRV);

    assertThat(response.getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOfSatisfying(
            SRVRecord.class,
            srv -> {
              assertThat(srv.getPort()).isEqualTo(80);
              assertThat(srv.getTarget().toString()).isEqualTo(GLOBAL);
            });
    assertThat(response.getSection(Section.ADDITIONAL))
        .filteredOn(r -> r.getType() == Type.A)
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress())
        .containsExactly("10.1.0.1", "10.1.0.2", "10.2.0.1");
  }

  @Test
  void missingNamesAreNxdomainAndMissingTypesNodataBothWithTheSoa() throws IOException {
    Message missing = ask(udp, "nope.shop.fed.svc.ubernetes.local.", Type.A);
    assertThat(missing.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(missing.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(missing.getSection(Section.AUTHORITY))
        .singleElement()
        .isInstanceOfSatisfying(
            SOARecord.class,
            soa -> {
              assertThat(soa.getName().toString()).isEqualTo("ubernetes.local.");
              assertThat(soa.getTTL()).isEqualTo(5);
            });

    Message nodata = ask(udp, GLOBAL, Type.AAAA);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);

    // An empty non-terminal exists.
    assertThat(ask(udp, "shop.fed.svc.ubernetes.local.", Type.A).getRcode())
        .isEqualTo(Rcode.NOERROR);
  }

  @Test
  void withNoHealthyShardAnywhereTheGlobalNameIsNodataWithTheShortNegativeTtl() throws IOException {
    server.update(
        Snapshot.of(
            Zone.of(
                Fleets.directory(
                    4, List.of(new Shard("onprem-fra", List.of("10.1.0.1"), false))))));

    Message response = ask(udp, GLOBAL, Type.A);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getSection(Section.ANSWER)).isEmpty();
    assertThat(response.getSection(Section.AUTHORITY))
        .singleElement()
        .satisfies(soa -> assertThat(soa.getTTL()).isEqualTo(5));
    // The region's CNAME still points there.
    assertThat(answers(ask(udp, REGION_EU, Type.A)))
        .containsExactly(REGION_EU + " CNAME " + GLOBAL);
  }

  @Test
  void namesAreCaseInsensitiveAndTheQuestionKeepsTheClientsCase() throws IOException {
    String mixed = "WeB.ShOp.FED.svc.Ubernetes.LOCAL.";
    Message response = ask(udp, mixed, Type.A);

    assertThat(response.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(response.getQuestion().getName().toString()).isEqualTo(mixed);
    assertThat(response.getSection(Section.ANSWER)).hasSize(3);
  }

  @Test
  void namesOutsideTheZoneAndOtherClassesAreRefused() throws IOException {
    Message outside = ask(udp, "example.com.", Type.A);
    assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(outside.getHeader().getFlag(Flags.AA)).isFalse();

    Message chaos =
        udp.send(
            Message.newQuery(
                Record.newRecord(Name.fromString("version.bind."), Type.TXT, DClass.CH)));
    assertThat(chaos.getRcode()).isEqualTo(Rcode.REFUSED);

    // dnsjava's resolver would start a transfer client: ask with a raw exchange.
    Message axfr =
        Message.newQuery(
            Record.newRecord(Name.fromString("ubernetes.local."), Type.AXFR, DClass.IN));
    assertThat(new Message(exchangeTcp(axfr.toWire())).getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void apexAnswersSoaAndNs() throws IOException {
    assertThat(ask(udp, "ubernetes.local.", Type.SOA).getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOf(SOARecord.class);
    assertThat(answers(ask(udp, "ubernetes.local.", Type.NS)))
        .containsExactly("ubernetes.local. NS ns.ubernetes.local.");
  }

  @Test
  void anAnswerTooLargeForUdpIsTruncatedAndComesWholeOverTcp() throws IOException {
    List<String> many = new ArrayList<>();
    for (int i = 1; i <= 120; i++) {
      many.add("10.9." + (i / 250) + "." + (i % 250 + 1));
    }
    server.update(
        Snapshot.of(Zone.of(Fleets.directory(5, List.of(new Shard("onprem-fra", many, true))))));

    // Plain DNS, no EDNS: 512 bytes at most.
    Message query = Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN));
    Message truncated = new Message(exchangeUdp(query.toWire()));
    assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(truncated.getSection(Section.ANSWER)).isEmpty();

    // With EDNS the client may take up to the server's 1232 bytes: still too small for 120.
    Message edns = Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN));
    edns.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
    Message truncatedEdns = new Message(exchangeUdp(edns.toWire()));
    assertThat(truncatedEdns.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(truncatedEdns.getOPT().getPayloadSize()).isEqualTo(1232);

    Message whole = ask(tcp, GLOBAL, Type.A);
    assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(whole.getSection(Section.ANSWER)).hasSize(120);
    assertThat(server.stats().truncated()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void malformedAndUnsupportedMessagesGetTheirErrorCode() throws IOException {
    Message two = Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN));
    two.addRecord(
        Record.newRecord(Name.fromString(REGION_EU), Type.A, DClass.IN), Section.QUESTION);
    assertThat(new Message(exchangeUdp(two.toWire())).getRcode()).isEqualTo(Rcode.FORMERR);

    Message update = Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN));
    update.getHeader().setOpcode(Opcode.UPDATE);
    assertThat(new Message(exchangeUdp(update.toWire())).getRcode()).isEqualTo(Rcode.NOTIMP);

    Message future = Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN));
    future.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);
    assertThat(new Message(exchangeUdp(future.toWire())).getRcode()).isEqualTo(Rcode.BADVERS);
  }

  @Test
  void cnameQuestionsGetTheCnameAlone() throws IOException {
    assertThat(ask(udp, CLUSTER_FRA_B, Type.CNAME).getSection(Section.ANSWER))
        .singleElement()
        .isInstanceOf(CNAMERecord.class);
  }

  @Test
  void aTakenUdpPortFailsTheStartNamingTheAddressAndProtocol() throws IOException {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());

      assertThatThrownBy(
              () ->
                  DnsServer.start(
                      DnsServer.Options.on(address), Snapshot.of(Zone.of(Fleets.web(1)))))
          .isInstanceOfSatisfying(
              CannotListenException.class,
              e -> {
                assertThat(e.address()).isEqualTo(address);
                assertThat(e.protocol()).isEqualTo("UDP");
                assertThat(e)
                    .hasMessageStartingWith(
                        "cannot listen on 127.0.0.1:" + address.getPort() + " (UDP)");
              });
    }
  }

  @Test
  void aTakenTcpPortFailsTheStartAndReleasesTheUdpPortAlreadyBound() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());

      assertThatThrownBy(
              () ->
                  DnsServer.start(
                      DnsServer.Options.on(address), Snapshot.of(Zone.of(Fleets.web(1)))))
          .isInstanceOfSatisfying(
              CannotListenException.class, e -> assertThat(e.protocol()).isEqualTo("TCP"));
      // The JDK closes a socket registered with a selector once the selector lets go of it.
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptionsInstanceOf(BindException.class)
          .untilAsserted(
              () -> {
                try (DatagramSocket again = new DatagramSocket(address)) {
                  assertThat(again.getLocalPort()).isEqualTo(address.getPort());
                }
              });
    }
  }

  /** One raw exchange over TCP: a length-prefixed query and response. */
  static byte[] exchangeTcp(byte[] query) throws IOException {
    return exchangeTcp(server.address(), query);
  }

  static byte[] exchangeTcp(InetSocketAddress address, byte[] query) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 2000);
      socket.setSoTimeout(2000);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeShort(query.length);
      out.write(query);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      byte[] response = new byte[in.readUnsignedShort()];
      in.readFully(response);
      return response;
    }
  }

  /** One raw UDP exchange, for messages a resolver would not send as they are. */
  static byte[] exchangeUdp(byte[] query) throws IOException {
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.setSoTimeout(2000);
      socket.send(new DatagramPacket(query, query.length, server.address()));
      byte[] buffer = new byte[65535];
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      return java.util.Arrays.copyOf(buffer, reply.getLength());
    }
  }
}
