package io.ubernetes.federation.database;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test that starts services on an embedded PostgreSQL data directory of its own, in a temporary
 * home, and leaves no server behind whatever happens to its services.
 */
abstract class OwnDataDirectory {
  @TempDir Path home;

  Path data() {
    return home.resolve("postgres");
  }

  @AfterEach
  void leaveNoServerBehind() {
    Postmasters.stopLeftover(data());
  }
}
