package io.ubernetes.dns.records;

import java.util.Locale;
import java.util.regex.Pattern;

/** Domain names as the records keep them: lower case, absolute, without the final dot. */
public final class Names {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private Names() {}

  /** Whether {@code label} is an RFC 1123 label in lower case. */
  public static boolean isLabel(String label) {
    return label != null && LABEL.matcher(label).matches();
  }

  /**
   * {@code name} in lower case without its final dot.
   *
   * @throws IllegalArgumentException when it is not a host name of at most 253 characters
   */
  public static String normalize(String name, String what) {
    if (name == null) {
      throw new IllegalArgumentException(what + " is required");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    if (lower.isEmpty() || lower.length() > 253) {
      throw new IllegalArgumentException(what + " must be 1 to 253 characters: " + name);
    }
    for (String label : lower.split("\\.", -1)) {
      if (!isLabel(label)) {
        throw new IllegalArgumentException(what + " is not a host name: " + name);
      }
    }
    return lower;
  }

  /** The parent of {@code name}, or null for a single label. */
  static String parent(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? null : name.substring(dot + 1);
  }

  /** Whether {@code name} is {@code domain} or below it. */
  static boolean within(String name, String domain) {
    return name.equals(domain)
        || (name.length() > domain.length()
            && name.endsWith(domain)
            && name.charAt(name.length() - domain.length() - 1) == '.');
  }
}
