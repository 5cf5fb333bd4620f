package io.ubernetes.kubectl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A DNS server for the doctor's tests: on UDP 127.0.0.1, it answers every question with the
 * response code and the number of A records (10.0.0.1, ...) it is set to, and keeps the names it
 * was asked.
 */
final class DnsResponder implements AutoCloseable {
  private final DatagramSocket socket;
  private final Thread thread;
  final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile int rcode;
  private volatile int answers = 1;

  DnsResponder() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    thread = new Thread(this::serve, "dns-responder");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** From now on, answers with {@code rcode} and {@code answers} A records. */
  DnsResponder answering(int rcode, int answers) {
    this.rcode = rcode;
    this.answers = answers;
    return this;
  }

  private void serve() {
    byte[] buffer = new byte[512];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
        byte[] reply = reply(buffer, packet.getLength());
        socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private byte[] reply(byte[] query, int length) {
    // The question: from byte 12 to the end of the name, then type and class.
    int end = 12;
    StringBuilder name = new StringBuilder();
    while (query[end] != 0) {
      int label = query[end];
      name.append(new String(query, end + 1, label, StandardCharsets.US_ASCII)).append('.');
      end += label + 1;
    }
    asked.add(name.toString());
    int questionEnd = end + 5;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(query[0]);
    out.write(query[1]);
    out.write(0x84); // a response, authoritative
    out.write(rcode);
    out.writeBytes(new byte[] {0, 1, 0, (byte) answers, 0, 0, 0, 0});
    out.write(query, 12, Math.min(questionEnd, length) - 12);
    for (int i = 0; i < answers; i++) {
      // The question's name (a pointer to byte 12), A, IN, TTL 5, four bytes: 10.0.0.i+1.
      out.writeBytes(new byte[] {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 5, 0, 4, 10, 0, 0});
      out.write(i + 1);
    }
    return out.toByteArray();
  }

  @Override
  public void close() throws InterruptedException {
    socket.close();
    thread.join();
  }
}
