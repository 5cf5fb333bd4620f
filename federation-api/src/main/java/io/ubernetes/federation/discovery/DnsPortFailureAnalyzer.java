package io.ubernetes.federation.discovery;

import io.ubernetes.dns.serve.CannotListenException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A DNS port that cannot be bound stops the start with what to do about it, as a web server port in
 * use does, rather than with the stack trace of a failed lifecycle bean.
 */
class DnsPortFailureAnalyzer extends AbstractFailureAnalyzer<CannotListenException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, CannotListenException cause) {
    int port = cause.address().getPort();
    String description =
        "The federation's DNS server could not listen on "
            + cause.address().getHostString()
            + ":"
            + port
            + " ("
            + cause.protocol()
            + "): "
            + (cause.getCause() == null ? "unknown reason" : cause.getCause().getMessage())
            + ".";
    String action =
        "Stop the process that holds port "
            + port
            + " (`ss -ulpn 'sport = :"
            + port
            + "'` and `ss -tlpn 'sport = :"
            + port
            + "'` name it; on 5353 it is often an mDNS responder such as avahi-daemon), or choose"
            + " another port with --ubernetes.dns.port=<port> (0 picks a free one), or turn the"
            + " DNS server off with --ubernetes.dns.enabled=false.";
    return new FailureAnalysis(description, action, cause);
  }
}
