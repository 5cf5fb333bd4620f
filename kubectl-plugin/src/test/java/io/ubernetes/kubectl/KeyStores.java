package io.ubernetes.kubectl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Key stores for HTTPS test servers, made by the JDK's own keytool. */
final class KeyStores {
  static final char[] PASSWORD = "changeit".toCharArray();

  private KeyStores() {}

  /**
   * A PKCS#12 key store in {@code directory} with a self-signed certificate for {@code localhost}
   * and 127.0.0.1, valid for {@code days} days from now.
   */
  static Path selfSigned(Path directory, int days) throws IOException, InterruptedException {
    Path store = directory.resolve("server-" + days + ".p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "EC",
                "-validity",
                Integer.toString(days),
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return store;
  }
}
