package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabasePasswordsTest {
  @TempDir Path data;

  @Test
  void generatesTwoPasswordsKeptInAFileOnlyTheServicesUserCanRead() throws IOException {
    DatabasePasswords passwords = DatabasePasswords.keptIn(data);

    Path file = data.resolve("pgpass");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(passwords.superuser()).hasSize(32).isNotEqualTo(passwords.service());
    // libpq's password file format: host:port:database:user:password
    assertThat(Files.readAllLines(file))
        .contains(
            "127.0.0.1:*:*:postgres:" + passwords.superuser(),
            "127.0.0.1:*:*:ubernetes:" + passwords.service());
    assertThat(passwords.toString()).doesNotContain(passwords.superuser(), passwords.service());
  }

  @Test
  void keepsThePasswordsAcrossStartsAndClosesAFileOpenedToOthers() throws IOException {
    DatabasePasswords first = DatabasePasswords.keptIn(data);
    Path file = data.resolve("pgpass");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    DatabasePasswords again = DatabasePasswords.keptIn(data);

    assertThat(again).isEqualTo(first);
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aFileWithoutBothPasswordsIsReplacedByNewOnes() throws IOException {
    Files.writeString(data.resolve("pgpass"), "127.0.0.1:*:*:postgres:\n");

    DatabasePasswords passwords = DatabasePasswords.keptIn(data);

    assertThat(passwords.superuser()).isNotEmpty();
    assertThat(passwords.service()).isNotEmpty();
    assertThat(DatabasePasswords.keptIn(data)).isEqualTo(passwords);
  }
}
