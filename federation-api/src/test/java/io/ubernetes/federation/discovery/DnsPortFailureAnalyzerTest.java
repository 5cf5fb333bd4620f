package io.ubernetes.federation.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.Zone;
import io.ubernetes.dns.serve.CannotListenException;
import io.ubernetes.dns.serve.DnsServer;
import io.ubernetes.dns.serve.Snapshot;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationContextException;

class DnsPortFailureAnalyzerTest {

  @Test
  void aTakenDnsPortIsExplainedWithTheAddressAndTheSettingsThatAvoidIt() throws SocketException {
    try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      int port = taken.getLocalPort();
      CannotListenException cause =
          catchThrowableOfType(
              CannotListenException.class,
              () ->
                  DnsServer.start(
                      DnsServer.Options.on(new InetSocketAddress("127.0.0.1", port)), emptyZone()));

      // How Spring reports a lifecycle bean that failed to start.
      FailureAnalysis analysis =
          new DnsPortFailureAnalyzer()
              .analyze(new ApplicationContextException("Failed to start bean 'dns'", cause));

      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription())
          .contains("could not listen on 127.0.0.1:" + port + " (UDP)")
          .contains("in use");
      assertThat(analysis.getAction())
          .contains("--ubernetes.dns.port=")
          .contains("--ubernetes.dns.enabled=false");
    }
  }

  private static Snapshot emptyZone() {
    DnsProperties defaults =
        new DnsProperties(
            true, null, null, null, null, null, null, null, null, null, null, null, null, null);
    return Snapshot.of(Zone.of(new Directory(1, defaults.zone(), List.of(), List.of())));
  }
}
