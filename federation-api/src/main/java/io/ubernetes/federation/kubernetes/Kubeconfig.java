package io.ubernetes.federation.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/**
 * A kubeconfig for the federation: one cluster, one user and one context, all named {@value #NAME},
 * so that {@code KUBECONFIG=<file> kubectl get fw} works as it is.
 *
 * @param server the URL clients reach the service at; kubectl sends credentials only to an {@code
 *     https} one
 * @param certificateAuthority PEM certificates clients trust for it, or null (the system's roots)
 * @param token the bearer token of the user, or null (an identity provider's exec plugin is added
 *     by hand)
 */
record Kubeconfig(String server, String certificateAuthority, String token) {
  static final String NAME = "ubernetes";

  String yaml() {
    StringBuilder yaml = new StringBuilder();
    yaml.append("apiVersion: v1\n");
    yaml.append("kind: Config\n");
    yaml.append("clusters:\n");
    yaml.append("- name: ").append(NAME).append('\n');
    yaml.append("  cluster:\n");
    yaml.append("    server: ").append(quoted(server)).append('\n');
    if (certificateAuthority != null) {
      yaml.append("    certificate-authority-data: ")
          .append(
              Base64.getEncoder()
                  .encodeToString(certificateAuthority.getBytes(StandardCharsets.US_ASCII)))
          .append('\n');
    }
    yaml.append("users:\n");
    yaml.append("- name: ").append(NAME).append('\n');
    if (token != null) {
      yaml.append("  user:\n");
      yaml.append("    token: ").append(quoted(token)).append('\n');
    } else {
      yaml.append("  user: {}\n");
    }
    yaml.append("contexts:\n");
    yaml.append("- name: ").append(NAME).append('\n');
    yaml.append("  context:\n");
    yaml.append("    cluster: ").append(NAME).append('\n');
    yaml.append("    user: ").append(NAME).append('\n');
    yaml.append("current-context: ").append(NAME).append('\n');
    yaml.append("preferences: {}\n");
    return yaml.toString();
  }

  /**
   * Writes the kubeconfig to {@code file}, readable by its owner only (it holds a credential),
   * unless the file says exactly that already.
   *
   * @return whether the file was written
   */
  boolean writeTo(Path file) {
    String content = yaml();
    try {
      if (Files.isRegularFile(file) && Files.readString(file).equals(content)) {
        return false;
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path next = file.resolveSibling(file.getFileName() + ".next");
      Files.deleteIfExists(next);
      Files.createFile(
          next, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(next, content);
      // Readers see the old file or the new one, never half of one.
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig " + file, e);
    }
  }

  /** A YAML double-quoted scalar: URLs and tokens hold no quote or backslash, but be sure. */
  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
