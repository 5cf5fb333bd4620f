package io.ubernetes.kubectl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * One DNS question over UDP (RFC 1035), enough to tell whether a server answers for a name: the
 * answer's response code and how many records it holds. No library for so little.
 */
final class DnsQuery {
  static final int A = 1;
  static final int SOA = 6;
  private static final SecureRandom IDS = new SecureRandom();

  /**
   * @param rcode 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED, ...
   * @param answers records in the answer section
   */
  record Result(int rcode, int answers) {
    String rcodeName() {
      return switch (rcode) {
        case 0 -> "NOERROR";
        case 1 -> "FORMERR";
        case 2 -> "SERVFAIL";
        case 3 -> "NXDOMAIN";
        case 4 -> "NOTIMP";
        case 5 -> "REFUSED";
        default -> "RCODE " + rcode;
      };
    }
  }

  private DnsQuery() {}

  /**
   * Asks {@code server} for {@code name}'s records of {@code type}, twice at most.
   *
   * @throws SocketTimeoutException when no answer comes within {@code timeout}, twice
   */
  static Result ask(InetSocketAddress server, String name, int type, Duration timeout)
      throws IOException {
    int id = IDS.nextInt(0x10000);
    byte[] query = query(id, name, type);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout((int) timeout.toMillis());
      SocketTimeoutException last = null;
      for (int attempt = 0; attempt < 2; attempt++) {
        socket.send(new DatagramPacket(query, query.length, server));
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          while (true) {
            socket.receive(packet);
            if (packet.getLength() >= 12 && u16(buffer, 0) == id && (buffer[2] & 0x80) != 0) {
              return new Result(buffer[3] & 0x0F, u16(buffer, 6));
            }
          }
        } catch (SocketTimeoutException e) {
          last = e;
        }
      }
      throw last;
    }
  }

  static byte[] query(int id, String name, int type) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write16(out, id);
    write16(out, 0x0100); // a standard query; recursion desired, as resolvers send it
    write16(out, 1);
    write16(out, 0);
    write16(out, 0);
    write16(out, 0);
    for (String label : name.split("\\.")) {
      if (label.isEmpty()) {
        continue;
      }
      byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    out.write(0);
    write16(out, type);
    write16(out, 1); // IN
    return out.toByteArray();
  }

  private static void write16(ByteArrayOutputStream out, int value) {
    out.write((value >> 8) & 0xFF);
    out.write(value & 0xFF);
  }

  private static int u16(byte[] bytes, int offset) {
    return ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
  }
}
