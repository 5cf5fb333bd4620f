package io.ubernetes.federation.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The embedded database's generated passwords, of its superuser and of the service's role, kept in
 * {@code <data-directory>/pgpass}, readable by the service's user only. The file is in libpq's
 * password file format, so {@code PGPASSFILE=data/postgres/pgpass psql -h 127.0.0.1 ...} uses it.
 */
record DatabasePasswords(String superuser, String service) {
  static final String FILE = "pgpass";
  static final String SUPERUSER = "postgres";
  static final String SERVICE_ROLE = "ubernetes";

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String toString() {
    return "DatabasePasswords[<redacted>]";
  }

  /** The passwords kept in this data directory, or new ones, kept there before they are used. */
  static DatabasePasswords keptIn(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
    try {
      Optional<DatabasePasswords> kept = read(file);
      if (kept.isPresent()) {
        if (!Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
          Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
        }
        return kept.get();
      }
      DatabasePasswords generated = new DatabasePasswords(generate(), generate());
      generated.write(file);
      return generated;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep the database's passwords in " + file, e);
    }
  }

  private static Optional<DatabasePasswords> read(Path file) throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String superuser = null;
    String service = null;
    for (String line : Files.readAllLines(file)) {
      String[] fields = line.split(":", 5);
      if (fields.length == 5 && fields[3].equals(SUPERUSER)) {
        superuser = fields[4];
      } else if (fields.length == 5 && fields[3].equals(SERVICE_ROLE)) {
        service = fields[4];
      }
    }
    return superuser == null || service == null || superuser.isEmpty() || service.isEmpty()
        ? Optional.empty()
        : Optional.of(new DatabasePasswords(superuser, service));
  }

  /** Written whole or not at all, and never readable by anyone else, not even for a moment. */
  private void write(Path file) throws IOException {
    Path partial =
        Files.createTempFile(
            file.getParent(), FILE, ".new", PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    Files.write(
        partial,
        List.of(
            "127.0.0.1:*:*:" + SUPERUSER + ":" + superuser,
            "127.0.0.1:*:*:" + SERVICE_ROLE + ":" + service,
            "localhost:*:*:" + SUPERUSER + ":" + superuser,
            "localhost:*:*:" + SERVICE_ROLE + ":" + service));
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** 32 characters of base64url: nothing a password file would have to escape. */
  private static String generate() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
