package io.ubernetes.dns.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.dns.records.Fleets;
import io.ubernetes.dns.records.Zone;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Random and broken packets over real sockets: the server answers every one that carries an id, and
 * keeps answering valid queries afterwards; idle or garbage TCP connections are closed without
 * holding up others.
 */
class DnsFuzzIT {
  private static DnsServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        DnsServer.start(
            new DnsServer.Options(
                new InetSocketAddress("127.0.0.1", 0), 1, 1232, 64, Duration.ofMillis(500)),
            Snapshot.of(Zone.of(Fleets.web(1))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] query() throws IOException {
    return Message.newQuery(
            Record.newRecord(
                Name.fromString("web.shop.fed.svc.ubernetes.local."), Type.A, DClass.IN))
        .toWire();
  }

  @Test
  void everyRandomOrTruncatedPacketThatCarriesAnIdIsAnswered() throws IOException {
    Random random = new Random(20261203);
    byte[] valid = query();
    int answered = 0;
    int expected = 0;
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      socket.setSoTimeout(2000);
      for (int i = 0; i < 3000; i++) {
        byte[] packet;
        if (i % 3 == 0) {
          packet = Arrays.copyOf(valid, random.nextInt(valid.length));
        } else {
          packet = new byte[random.nextInt(300)];
          random.nextBytes(packet);
        }
        socket.send(new DatagramPacket(packet, packet.length, server.address()));
        if (packet.length >= 12 && (packet[2] & 0x80) == 0) {
          expected++;
          byte[] buffer = new byte[2048];
          DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
          socket.receive(reply);
          Message response = new Message(Arrays.copyOf(buffer, reply.getLength()));
          assertThat(response.getHeader().getID())
              .isEqualTo(((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF));
          answered++;
        }
      }
      byte[] buffer = new byte[2048];
      socket.send(new DatagramPacket(valid, valid.length, server.address()));
      DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
      socket.receive(reply);
      assertThat(new Message(Arrays.copyOf(buffer, reply.getLength())).getRcode())
          .isEqualTo(Rcode.NOERROR);
    }
    assertThat(answered).isEqualTo(expected).isGreaterThan(1000);
    assertThat(server.stats().answered("FORMERR")).isGreaterThan(0);
  }

  @Test
  void garbageAndIdleTcpConnectionsAreClosedWhileOthersAreServed() throws Exception {
    try (Socket idle = new Socket();
        Socket garbage = new Socket()) {
      idle.connect(server.address(), 2000);
      garbage.connect(server.address(), 2000);
      DataOutputStream out = new DataOutputStream(garbage.getOutputStream());
      // A frame announcing 9 bytes, then 3 random ones and silence.
      out.writeShort(9);
      out.write(new byte[] {1, 2, 3});
      out.flush();

      // Meanwhile a well-behaved client is answered.
      byte[] response = DnsServerIT.exchangeTcp(server.address(), query());
      assertThat(new Message(response).getRcode()).isEqualTo(Rcode.NOERROR);

      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                assertThat(closedByServer(idle)).isTrue();
                assertThat(closedByServer(garbage)).isTrue();
              });
    }
  }

  private static boolean closedByServer(Socket socket) throws IOException {
    socket.setSoTimeout(100);
    InputStream in = socket.getInputStream();
    try {
      return in.read() == -1;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }
}
