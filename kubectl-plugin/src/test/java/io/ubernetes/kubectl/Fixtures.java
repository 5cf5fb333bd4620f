package io.ubernetes.kubectl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The sample API objects of {@code src/test/resources/api/}. */
final class Fixtures {
  static final String API = "/apis/ubernetes.io/v1/";
  static final String WORKLOADS = API + "namespaces/shop/federatedworkloads";

  private Fixtures() {}

  static String fixture(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/api/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
