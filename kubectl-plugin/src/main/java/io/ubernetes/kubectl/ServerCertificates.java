package io.ubernetes.kubectl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates a TLS server presents in its handshake. They are read, not trusted: whether the
 * kubeconfig's CA trusts them is what every API call checks; here the question is only when they
 * expire, which matters most when they are about to stop being trusted.
 */
final class ServerCertificates {
  private static final int TIMEOUT_MILLIS = 10_000;

  private ServerCertificates() {}

  /** The chain {@code server} presents, its own certificate first. */
  static List<X509Certificate> of(URI server) throws IOException {
    int port = server.getPort() > 0 ? server.getPort() : 443;
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Reader()}, null);
    } catch (GeneralSecurityException e) {
      throw new IOException("no TLS in this Java: " + e.getMessage(), e);
    }
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(server.getHost(), port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      SSLParameters parameters = socket.getSSLParameters();
      if (!server.getHost().matches("[0-9.:\\[\\]]+")) {
        parameters.setServerNames(List.of(new SNIHostName(server.getHost())));
      }
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate certificate : socket.getSession().getPeerCertificates()) {
        chain.add((X509Certificate) certificate);
      }
      return chain;
    }
  }

  /** Accepts any chain, to read it. */
  private static final class Reader implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
