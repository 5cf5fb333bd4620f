package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whose is the data directory: a second service on it is refused at once, saying why; a {@code
 * postmaster.pid} naming a process that is not this directory's server is stale, and that process
 * is left alone. (A server left by a killed service is stopped: {@link KilledServiceE2E}.)
 */
class DataDirectoryOwnershipIT extends OwnDataDirectory {

  @Test
  void refusesAtOnceASecondServiceOnTheSameDataDirectory() {
    try (ConfigurableApplicationContext first = Services.embedded(data())) {
      Throwable refused = catchThrowable(() -> Services.embedded(data()).close());

      assertThat(refused).isNotNull();
      assertThat(rootCause(refused).getMessage())
          .contains(data().toString())
          .contains("in use by another Ubernetes service");
      assertThat(Services.api(first).get("/api/v1/clusters").status()).isEqualTo(200);
    }
  }

  @Test
  void startsOverAStalePidFileAndLeavesTheProcessItNamesAlone() throws Exception {
    Services.embedded(data()).close();
    Process unrelated = new ProcessBuilder("sleep", "600").start();
    try {
      // What a server killed with its machine leaves, its PID since taken by another process.
      Files.write(
          data().resolve("postmaster.pid"),
          List.of(
              Long.toString(unrelated.pid()),
              data().toString(),
              "1796500000",
              "5432",
              "",
              "127.0.0.1",
              "  5309732    720913",
              "ready   "));

      try (ConfigurableApplicationContext service = Services.embedded(data())) {
        assertThat(Services.api(service).get("/api/v1/clusters").status()).isEqualTo(200);
        assertThat(Postmasters.pid(data())).get().isNotEqualTo(unrelated.pid());
      }
      assertThat(unrelated.isAlive()).as("the process the stale file named").isTrue();
    } finally {
      unrelated.destroy();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
