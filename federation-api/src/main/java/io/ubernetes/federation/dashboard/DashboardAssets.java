package io.ubernetes.federation.dashboard;

import io.ubernetes.federation.FederationApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The version the dashboard's files are served under, {@code /ui/assets/<version>/}: the service's
 * own version and a digest of the files themselves. The files under it never change, so browsers
 * keep them for a year without asking again; a new service, or a development build whose files
 * changed under the same version, gets a new path, so a page never mixes old and new modules.
 */
@Component
class DashboardAssets {
  static final String LOCATION = "classpath:/dashboard/";
  static final String PREFIX = DashboardConfiguration.PATH + "assets/";

  private final String version;

  DashboardAssets() {
    String own = FederationApplication.class.getPackage().getImplementationVersion();
    this.version = (own == null ? "dev" : own) + "-" + digest();
  }

  /** The version in the files' path. */
  String version() {
    return version;
  }

  /** Where the files of this version are served, ending with a slash. */
  String path() {
    return PREFIX + version + "/";
  }

  private static String digest() {
    try {
      Resource[] files = new PathMatchingResourcePatternResolver().getResources(LOCATION + "*");
      Arrays.sort(files, Comparator.comparing(Resource::getFilename));
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Resource file : files) {
        sha.update(file.getFilename().getBytes(StandardCharsets.UTF_8));
        try (InputStream in = file.getInputStream()) {
          sha.update(in.readAllBytes());
        }
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 6);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dashboard's files", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
