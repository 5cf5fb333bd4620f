package io.ubernetes.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network between one simulated cluster's agent and the federation: a TCP relay on 127.0.0.1
 * that can be cut (a partition: open connections drop, new ones are refused at once) and healed.
 */
final class FederationLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FederationLink.class);

  private final String cluster;
  private final InetSocketAddress federation;
  private final ServerSocket server;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean cut;
  private volatile boolean closed;

  private FederationLink(String cluster, InetSocketAddress federation) throws IOException {
    this.cluster = cluster;
    this.federation = federation;
    this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofVirtual().name("link-" + cluster).start(this::accept);
  }

  /** A link to the federation at {@code url} (http only: the relay passes bytes through). */
  static FederationLink to(String cluster, URI url) {
    int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
    try {
      return new FederationLink(cluster, new InetSocketAddress(url.getHost(), port));
    } catch (IOException e) {
      throw new IllegalStateException("cannot open the federation link of " + cluster, e);
    }
  }

  /** The address the agent uses for the federation. */
  URI url(URI federationUrl) {
    return URI.create(
        federationUrl.getScheme()
            + "://127.0.0.1:"
            + server.getLocalPort()
            + federationUrl.getPath());
  }

  boolean cut() {
    return cut;
  }

  /** The partition: every open connection drops, and new ones are closed as they arrive. */
  void partition() {
    cut = true;
    open.forEach(FederationLink::closeQuietly);
    open.clear();
    log.info("Cluster {} is cut off from the federation", cluster);
  }

  void heal() {
    cut = false;
    log.info("Cluster {} reaches the federation again", cluster);
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log.warn("Federation link of {} stopped accepting: {}", cluster, e.getMessage());
        }
        return;
      }
      if (cut) {
        closeQuietly(client);
        continue;
      }
      Thread.ofVirtual().start(() -> relay(client));
    }
  }

  private void relay(Socket client) {
    Socket upstream = new Socket();
    open.add(client);
    open.add(upstream);
    try {
      upstream.connect(federation, 5_000);
      Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
      pump(client, upstream);
      back.join();
    } catch (IOException e) {
      // The federation is down: the agent sees its connection close, as it would.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(client);
      closeQuietly(upstream);
      open.remove(client);
      open.remove(upstream);
    }
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        out.flush();
      }
      to.shutdownOutput();
    } catch (IOException e) {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing anyway.
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Closing anyway.
    }
    open.forEach(FederationLink::closeQuietly);
    open.clear();
    acceptor.interrupt();
  }
}
