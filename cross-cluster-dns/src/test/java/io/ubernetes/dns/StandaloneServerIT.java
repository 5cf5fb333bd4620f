package io.ubernetes.dns;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.Directory.Shard;
import io.ubernetes.dns.records.Fleets;
import io.ubernetes.dns.serve.DnsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The standalone server following a federation's feed, served by WireMock, through its faults. */
class StandaloneServerIT {
  private static final String GLOBAL = "web.shop.fed.svc.ubernetes.local.";
  private static final DnsServer.Options LOOPBACK =
      DnsServer.Options.on(new InetSocketAddress("127.0.0.1", 0));

  @TempDir Path temp;
  private WireMockServer federation;

  @BeforeEach
  void startFederation() {
    federation = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    federation.start();
  }

  @AfterEach
  void stopFederation() {
    federation.stop();
  }

  private void feed(Directory directory) {
    federation.stubFor(
        get(urlPathEqualTo(FeedFollower.FEED))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(DirectoryCodec.write(directory))));
  }

  private void failing() {
    federation.stubFor(
        get(urlPathEqualTo(FeedFollower.FEED)).willReturn(aResponse().withStatus(503)));
  }

  private static List<String> addresses(InetSocketAddress server) throws IOException {
    SimpleResolver resolver = new SimpleResolver("127.0.0.1");
    resolver.setPort(server.getPort());
    resolver.setTimeout(Duration.ofSeconds(2));
    Message response =
        resolver.send(
            Message.newQuery(Record.newRecord(Name.fromString(GLOBAL), Type.A, DClass.IN)));
    return response.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }

  private static Directory onlyUs(long version) {
    return Fleets.directory(version, List.of(new Shard("aws-us-east", List.of("10.4.0.1"), true)));
  }

  private FeedFollower follower(Path cache) {
    return new FeedFollower(URI.create(federation.baseUrl()), null, cache);
  }

  @Test
  void followsTheFeedAndKeepsItsRecordsWhileTheFederationFails() throws Exception {
    feed(Fleets.web(1));
    try (StandaloneServer server = StandaloneServer.start(LOOPBACK, follower(null))) {
      assertThat(addresses(server.address())).containsExactly("10.1.0.1", "10.1.0.2", "10.2.0.1");

      feed(onlyUs(2));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(addresses(server.address())).containsExactly("10.4.0.1"));

      failing();
      int before = federation.getAllServeEvents().size();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> federation.getAllServeEvents().size() > before);
      assertThat(addresses(server.address())).containsExactly("10.4.0.1");
    }
  }

  @Test
  void aRestartWhileTheFederationIsAwayServesTheCachedRecords() throws Exception {
    Path cache = temp.resolve("records.json");
    feed(onlyUs(5));
    try (StandaloneServer server = StandaloneServer.start(LOOPBACK, follower(cache))) {
      assertThat(addresses(server.address())).containsExactly("10.4.0.1");
    }
    assertThat(cache).exists();

    FeedFollower away = follower(cache);
    federation.stop();
    try (StandaloneServer server = StandaloneServer.start(LOOPBACK, away)) {
      assertThat(addresses(server.address())).containsExactly("10.4.0.1");
    }
  }

  @Test
  void servesARecordsFileAndReloadsItWhenItChanges() throws Exception {
    Path file = temp.resolve("records.json");
    Files.writeString(file, DirectoryCodec.write(Fleets.web(1)));
    try (StandaloneServer server = StandaloneServer.start(LOOPBACK, new RecordsFile(file))) {
      assertThat(addresses(server.address())).hasSize(3);

      Files.writeString(file, DirectoryCodec.write(onlyUs(2)));
      Files.setLastModifiedTime(
          file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(addresses(server.address())).containsExactly("10.4.0.1"));
    }
  }

  @Test
  void refusesOptionsItDoesNotKnow() {
    assertThat(Main.parse(new String[] {"--listen=127.0.0.1:0", "--records-file=x"}))
        .containsEntry("records-file", "x");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Main.parse(new String[] {"--records-file=x", "--federation-url=y"}))
        .hasMessageContaining("one of");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Main.parse(new String[] {"--port=1"}))
        .hasMessageContaining("unknown option");
  }
}
