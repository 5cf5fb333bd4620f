package io.ubernetes.dns;

import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.Zone;
import io.ubernetes.dns.serve.DnsServer;
import io.ubernetes.dns.serve.Snapshot;
import java.net.InetSocketAddress;

/** The DNS server with a {@link RecordSource}: compiles each new version and swaps it in. */
final class StandaloneServer implements AutoCloseable {
  private final DnsServer server;
  private final RecordSource source;

  private StandaloneServer(DnsServer server, RecordSource source) {
    this.server = server;
    this.source = source;
  }

  static StandaloneServer start(DnsServer.Options options, RecordSource source)
      throws InterruptedException {
    DnsServer server = DnsServer.start(options, compile(source.first()));
    source.follow(directory -> server.update(compile(directory)));
    return new StandaloneServer(server, source);
  }

  static Snapshot compile(Directory directory) {
    return Snapshot.of(Zone.of(directory));
  }

  InetSocketAddress address() {
    return server.address();
  }

  String zoneName() {
    return server.snapshot().zone().config().domain();
  }

  DnsServer server() {
    return server;
  }

  @Override
  public void close() {
    source.close();
    server.close();
  }
}
