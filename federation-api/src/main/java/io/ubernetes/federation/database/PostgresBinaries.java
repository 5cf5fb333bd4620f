package io.ubernetes.federation.database;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * The PostgreSQL programs (initdb, postgres, pg_ctl) of the binaries artifact on the class path,
 * unpacked once into a directory only this user may write to, since what is in it gets run.
 *
 * <p>PostgreSQL refuses to run as root. As root, each program runs in a user namespace of its own
 * ({@code unshare -U}), where it is not root, as the embedding library has always run it.
 */
final class PostgresBinaries {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final String SETSID = "/usr/bin/setsid";
  private static PostgresBinaries unpacked;

  private final Path home;
  private final boolean userNamespace;
  private final boolean newSession;

  private PostgresBinaries(Path home, boolean userNamespace, boolean newSession) {
    this.home = home;
    this.userNamespace = userNamespace;
    this.newSession = newSession;
  }

  /** The programs, unpacked by the first caller in this JVM (or an earlier JVM). */
  static synchronized PostgresBinaries unpacked() {
    if (unpacked == null) {
      unpacked =
          new PostgresBinaries(
              unpack(), LinuxUtils.isUnshareAvailable(), Files.isExecutable(Path.of(SETSID)));
    }
    return unpacked;
  }

  /**
   * The command line that runs one of the programs, e.g. {@code command("pg_ctl", "kill", ...)}.
   */
  List<String> command(String program, String... arguments) {
    List<String> command = new ArrayList<>();
    if (userNamespace) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(home.resolve("bin").resolve(program).toString());
    command.addAll(List.of(arguments));
    return command;
  }

  /**
   * The server's command line: like {@link #command}, in a session of its own, so that a Ctrl-C
   * meant for the service does not reach the server before the service has stopped using it (both
   * {@code setsid} and {@code unshare} run the program in their own process, so the process started
   * is the server).
   */
  List<String> serverCommand(String... arguments) {
    List<String> command = new ArrayList<>();
    if (newSession) {
      command.add(SETSID);
    }
    command.addAll(command("postgres", arguments));
    return command;
  }

  /**
   * Runs one of the programs to its end, its output appended to {@code log}.
   *
   * @param input what the program reads, or null for nothing
   * @return its exit code
   */
  int run(Path log, Duration patience, String input, String program, String... arguments) {
    try {
      Process process =
          new ProcessBuilder(command(program, arguments))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      try (OutputStream stdin = process.getOutputStream()) {
        if (input != null) {
          stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(program + " did not finish within " + patience);
      }
      return process.exitValue();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + program, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while " + program + " ran", e);
    }
  }

  private static Path unpack() {
    try {
      byte[] archive;
      try (InputStream binaries =
          DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", architecture())) {
        archive = binaries.readAllBytes();
      }
      String digest =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(archive))
              .substring(0, 16);
      Path root = privateDirectory();
      Path home = root.resolve(digest);
      if (Files.isExecutable(home.resolve("bin").resolve("postgres"))) {
        return home;
      }
      Path partial = Files.createTempDirectory(root, digest + "-");
      extract(archive, partial);
      try {
        Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileSystemException e) {
        // Another JVM unpacked the same binaries meanwhile.
        deleteRecursively(partial);
        if (!Files.isExecutable(home.resolve("bin").resolve("postgres"))) {
          throw e;
        }
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code <tmp>/ubernetes-postgres-<user>}, owned by this user and closed to everyone else. */
  private static Path privateDirectory() throws IOException {
    Path root =
        Path.of(
            System.getProperty("java.io.tmpdir"),
            "ubernetes-postgres-" + System.getProperty("user.name"));
    if (!Files.exists(root)) {
      try {
        Files.createDirectory(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (FileAlreadyExistsException e) {
        // created by another JVM meanwhile; checked below
      }
    }
    String me = System.getProperty("user.name");
    if (Files.isSymbolicLink(root)
        || !Files.getOwner(root).getName().equals(me)
        || !Files.getPosixFilePermissions(root).equals(OWNER_ONLY)) {
      throw new IllegalStateException(
          root
              + " must be a directory of "
              + me
              + " that nobody else may use (rwx------): the PostgreSQL programs run from it");
    }
    return root;
  }

  private static void extract(byte[] archive, Path into) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZCompressorInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = into.resolve(entry.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("The PostgreSQL binaries hold a file outside their directory");
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        if (entry.isSymbolicLink()) {
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else if (entry.isLink()) {
          Files.createLink(target, into.resolve(entry.getLinkName()).normalize());
        } else {
          Files.copy(tar, target);
          Files.setPosixFilePermissions(target, permissions(entry.getMode()));
        }
      }
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder text = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(text.toString());
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return arch.equals("amd64") ? "x86_64" : arch;
  }

  private static void deleteRecursively(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
