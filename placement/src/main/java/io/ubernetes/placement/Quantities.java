package io.ubernetes.placement;

/** Renders amounts the way Kubernetes writes them: {@code 500m}, {@code 2}, {@code 256Mi}. */
final class Quantities {
  private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private Quantities() {}

  static String cpu(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  static String memory(long bytes) {
    if (bytes == 0 || bytes % 1024 != 0) {
      return Long.toString(bytes);
    }
    long value = bytes;
    int unit = -1;
    while (value % 1024 == 0 && unit < BINARY.length - 1) {
      value /= 1024;
      unit++;
    }
    return value + BINARY[unit];
  }
}
