package io.ubernetes.dns.serve;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authoritative server: UDP and TCP (RFC 7766, length-prefixed, pipelined) on one address and
 * port, answering from the current {@link Snapshot}. Swapping the snapshot is one atomic write;
 * queries in flight finish on the one they started with.
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);

  /** Tries at finding a port free for both UDP and TCP when asked for any free port. */
  private static final int ANY_PORT_ATTEMPTS = 5;

  /** The largest UDP query read whole; longer datagrams arrive cut short and get FORMERR. */
  private static final int MAX_UDP_QUERY = 4096;

  /**
   * Datagrams read by one recvmmsg call (and answered by one sendmmsg) on Linux: a system call each
   * way per batch instead of per query, which is most of what answering costs once the answers are
   * precomputed.
   */
  private static final int UDP_BATCH = 32;

  private final AtomicReference<Snapshot> snapshot;
  private final Stats stats;
  private final EventLoopGroup group;
  private final Channel udp;
  private final Channel tcp;

  /**
   * How the server listens.
   *
   * @param listen address and port; port 0 picks a free one (the same for UDP and TCP)
   * @param threads event loop threads; one answers tens of thousands of queries a second
   * @param maxUdpPayload the largest UDP response, whatever larger size a client's EDNS offers
   * @param maxTcpConnections connections beyond this are closed at once
   * @param tcpIdleTimeout a TCP connection with nothing to read for this long is closed
   */
  public record Options(
      InetSocketAddress listen,
      int threads,
      int maxUdpPayload,
      int maxTcpConnections,
      Duration tcpIdleTimeout) {
    public Options {
      if (listen == null) {
        throw new IllegalArgumentException("listen address is required");
      }
      threads = threads <= 0 ? 1 : threads;
      maxUdpPayload = maxUdpPayload <= 0 ? 1232 : maxUdpPayload;
      maxTcpConnections = maxTcpConnections <= 0 ? 1024 : maxTcpConnections;
      tcpIdleTimeout = tcpIdleTimeout == null ? Duration.ofSeconds(10) : tcpIdleTimeout;
    }

    public static Options on(InetSocketAddress listen) {
      return new Options(listen, 1, 0, 0, null);
    }
  }

  private DnsServer(
      AtomicReference<Snapshot> snapshot,
      Stats stats,
      EventLoopGroup group,
      Channel udp,
      Channel tcp) {
    this.snapshot = snapshot;
    this.stats = stats;
    this.group = group;
    this.udp = udp;
    this.tcp = tcp;
  }

  /**
   * Binds UDP and TCP and starts answering from {@code initial}.
   *
   * @throws CannotListenException if either cannot be bound (the port is in use, say); nothing
   *     started is left running
   */
  public static DnsServer start(Options options, Snapshot initial) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return bind(options, initial);
      } catch (CannotListenException e) {
        // Asked for any free port, the server takes the port UDP got for TCP too; another socket
        // may hold that number for TCP. Another free port is as good.
        if (options.listen().getPort() != 0
            || !"TCP".equals(e.protocol())
            || attempt == ANY_PORT_ATTEMPTS) {
          throw e;
        }
        log.debug("TCP port {} is taken; trying another free port", e.address().getPort());
      }
    }
  }

  private static DnsServer bind(Options options, Snapshot initial) throws InterruptedException {
    AtomicReference<Snapshot> snapshot = new AtomicReference<>(initial);
    Stats stats = new Stats();
    QueryHandler queries = new QueryHandler(snapshot::get, stats, options.maxUdpPayload());
    // Linux's native transport when its library loads (recvmmsg, sendmmsg, no JDK selector), NIO
    // elsewhere; both answer alike.
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            options.threads(), new DefaultThreadFactory("dns", true), io);
    Class<? extends DatagramChannel> datagrams =
        epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    Class<? extends ServerSocketChannel> streams =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Channel udp = null;
    try {
      Bootstrap udpBootstrap =
          new Bootstrap()
              .group(group)
              .channel(datagrams)
              .option(ChannelOption.SO_RCVBUF, 4 << 20)
              .option(ChannelOption.SO_SNDBUF, 4 << 20)
              .option(
                  ChannelOption.RCVBUF_ALLOCATOR,
                  new FixedRecvByteBufAllocator(MAX_UDP_QUERY * (epoll ? UDP_BATCH : 1)));
      if (epoll) {
        // Each datagram gets its own MAX_UDP_QUERY slice of the buffer: recvmmsg fills up to
        // UDP_BATCH of them at once.
        udpBootstrap.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_UDP_QUERY);
      }
      udp =
          listening(
              udpBootstrap.handler(new UdpHandler(queries)).bind(options.listen()),
              options.listen(),
              "UDP");
      InetSocketAddress bound = (InetSocketAddress) udp.localAddress();
      AtomicInteger connections = new AtomicInteger();
      Channel tcp =
          listening(
              new ServerBootstrap()
                  .group(group)
                  .channel(streams)
                  .option(ChannelOption.SO_REUSEADDR, true)
                  .childHandler(
                      new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                          if (connections.incrementAndGet() > options.maxTcpConnections()) {
                            connections.decrementAndGet();
                            channel.close();
                            return;
                          }
                          channel.closeFuture().addListener(f -> connections.decrementAndGet());
                          channel
                              .pipeline()
                              .addLast(
                                  new ReadTimeoutHandler(
                                      options.tcpIdleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                                  new LengthFieldBasedFrameDecoder(65535, 0, 2, 0, 2),
                                  new TcpHandler(queries));
                        }
                      })
                  .bind(bound),
              bound,
              "TCP");
      log.info("DNS server listening on {} (UDP and TCP)", bound);
      return new DnsServer(snapshot, stats, group, udp, tcp);
    } catch (InterruptedException | RuntimeException e) {
      // A group shut down does not always close what is registered with it: the UDP socket
      // already bound is closed here, so the port is free when this throws.
      if (udp != null) {
        udp.close().awaitUninterruptibly();
      }
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(10_000);
      throw e;
    }
  }

  /**
   * The bound channel. Netty's {@code sync()} would rethrow a failed bind's checked exception
   * undeclared, past the cleanup above; a port in use becomes a {@link CannotListenException}.
   */
  private static Channel listening(
      ChannelFuture binding, InetSocketAddress address, String protocol)
      throws InterruptedException {
    binding.await();
    if (!binding.isSuccess()) {
      throw new CannotListenException(address, protocol, binding.cause());
    }
    return binding.channel();
  }

  /** Answers from {@code next} from now on. */
  public void update(Snapshot next) {
    snapshot.set(next);
  }

  public Snapshot snapshot() {
    return snapshot.get();
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) udp.localAddress();
  }

  public Stats stats() {
    return stats;
  }

  @Override
  public void close() {
    udp.close().syncUninterruptibly();
    tcp.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @ChannelHandler.Sharable
  private static final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private final QueryHandler queries;

    UdpHandler(QueryHandler queries) {
      this.queries = queries;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      ByteBuf response = queries.respond(packet.content(), false, ctx.alloc());
      if (response != null) {
        // No promise per response: a failed send reaches exceptionCaught below.
        ctx.write(new DatagramPacket(response, packet.sender()), ctx.voidPromise());
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A failed send (the client's port is gone, say) must not close the server's socket.
      log.debug("UDP error", cause);
    }
  }

  private static final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
    private final QueryHandler queries;

    TcpHandler(QueryHandler queries) {
      this.queries = queries;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      ByteBuf response = queries.respond(frame, true, ctx.alloc());
      if (response == null) {
        return;
      }
      ByteBuf length = ctx.alloc().buffer(2).writeShort(response.readableBytes());
      ctx.write(length);
      ctx.write(response);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // Idle, reset, or a frame longer than any DNS message: the connection ends, nothing else.
      log.debug("TCP connection closed: {}", cause.toString());
      ctx.close();
    }
  }
}
