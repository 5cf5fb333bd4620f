package io.ubernetes.dns;

import io.ubernetes.dns.serve.CannotListenException;
import io.ubernetes.dns.serve.DnsServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone server: {@code --listen=127.0.0.1:5353} and either {@code --federation-url=...}
 * (follow the federation's record feed; {@code --cache-file=...} keeps the last records across
 * restarts, so a server restarted while the federation is away still answers) or {@code
 * --records-file=...} (serve a records document, reloaded when it changes). Optional: {@code
 * --threads=1}, {@code --token=...} (sent as a bearer token to the federation).
 */
public final class Main {
  static {
    // Not a plain logback.xml: this module is also a library of the federation service, whose
    // logging it must not take over.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "io/ubernetes/dns/standalone-logback.xml");
    }
    // Netty leaves sun.misc.Unsafe alone by default from Java 25 on; its direct buffers then go
    // through a checked ByteBuffer view on every access, about 4% more CPU per query for this
    // server under dnsperf. Standalone, the server is the only user of Netty in its JVM; a JVM that
    // denies Unsafe (--sun-misc-unsafe-memory-access=deny) still works, on the slower path, and
    // -Dio.netty.noUnsafe=true turns it off.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "false");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: --listen=HOST:PORT (--federation-url=URL [--cache-file=PATH] [--token=TOKEN]"
              + " | --records-file=PATH) [--threads=N]");
      System.exit(2);
      return;
    }
    InetSocketAddress listen = address(options.getOrDefault("listen", "127.0.0.1:5353"));
    int threads = Integer.parseInt(options.getOrDefault("threads", "1"));
    DnsServer.Options serverOptions = new DnsServer.Options(listen, threads, 0, 0, null);
    RecordSource source =
        options.containsKey("records-file")
            ? new RecordsFile(Path.of(options.get("records-file")))
            : new FeedFollower(
                URI.create(options.get("federation-url")),
                options.getOrDefault("token", System.getenv("UBERNETES_DNS_TOKEN")),
                options.containsKey("cache-file") ? Path.of(options.get("cache-file")) : null);
    StandaloneServer started;
    try {
      started = StandaloneServer.start(serverOptions, source);
    } catch (CannotListenException e) {
      System.err.println(
          e.getMessage()
              + ": another process has the port; choose another with --listen=HOST:PORT");
      System.exit(1);
      return;
    }
    try (StandaloneServer server = started) {
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  }));
      log.info("Serving {} on {}", server.zoneName(), server.address());
      stopped.await();
    }
  }

  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("options are --name=value: " + arg);
      }
      String name = arg.substring(2, eq);
      if (!java.util.Set.of(
              "listen", "federation-url", "cache-file", "token", "records-file", "threads")
          .contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      options.put(name, arg.substring(eq + 1));
    }
    if (options.containsKey("records-file") == options.containsKey("federation-url")) {
      throw new IllegalArgumentException("give one of --federation-url and --records-file");
    }
    return options;
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen is HOST:PORT: " + hostPort);
    }
    String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }
}
