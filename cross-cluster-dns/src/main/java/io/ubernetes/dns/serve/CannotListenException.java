package io.ubernetes.dns.serve;

import java.net.InetSocketAddress;

/**
 * The server could not bind its address and port, most often because another process holds the
 * port. Carries what an operator needs to fix it, so that callers can say so without a stack trace.
 */
public final class CannotListenException extends RuntimeException {
  private final transient InetSocketAddress address;
  private final String protocol;

  CannotListenException(InetSocketAddress address, String protocol, Throwable cause) {
    super(
        "cannot listen on "
            + address.getHostString()
            + ":"
            + address.getPort()
            + " ("
            + protocol
            + "): "
            + (cause == null ? "unknown reason" : cause.getMessage()),
        cause);
    this.address = address;
    this.protocol = protocol;
  }

  /** The address and port that could not be bound. */
  public InetSocketAddress address() {
    return address;
  }

  /** {@code UDP} or {@code TCP}. */
  public String protocol() {
    return protocol;
  }
}
