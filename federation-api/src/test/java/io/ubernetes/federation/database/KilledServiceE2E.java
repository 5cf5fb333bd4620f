package io.ubernetes.federation.database;

import static io.ubernetes.federation.testing.Manifests.cluster;
import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiClient.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A service killed with SIGKILL runs no shutdown hook and leaves its embedded PostgreSQL running.
 * Started again on the same data directory, it stops that server cleanly and starts at once, with
 * everything that was written; stopped in turn (SIGTERM), it logs no error and leaves no server
 * behind.
 */
class KilledServiceE2E extends OwnDataDirectory {

  @Test
  void startsAgainAtOnceAfterASigkillWithWhatWasWritten() throws Exception {
    Response written;
    long leftOver;
    try (ServiceProcess first =
        ServiceProcess.start(home, data(), "first").awaitReady(Duration.ofMinutes(2))) {
      written = first.api().post("/api/v1/clusters", cluster("fra", "eu-central", "onprem"));
      assertThat(written.status()).as(written.body()).isEqualTo(201);
      leftOver = Postmasters.pid(data()).orElseThrow();

      first.kill();
    }
    assertThat(Postmasters.alive(leftOver))
        .as("the killed service's PostgreSQL (pid %d) outlives it", leftOver)
        .isTrue();

    try (ServiceProcess second =
        ServiceProcess.start(home, data(), "second").awaitReady(Duration.ofSeconds(60))) {
      assertThat(Postmasters.alive(leftOver))
          .as("the left-over PostgreSQL (pid %d) was stopped", leftOver)
          .isFalse();
      Response read = second.api().get("/api/v1/clusters/fra");
      assertThat(read.status()).as(read.body()).isEqualTo(200);
      assertThat(read.json()).isEqualTo(written.json());
      long running = Postmasters.pid(data()).orElseThrow();

      second.close();
      assertThat(second.alive()).as(second.logTail()).isFalse();
      assertThat(second.logAfter("Commencing graceful shutdown"))
          .as("what the service logged as SIGTERM stopped it")
          .isNotEmpty()
          .noneMatch(line -> line.contains(" ERROR ") || line.contains("FATAL"));
      assertThat(Postmasters.alive(running))
          .as("the service stopped its PostgreSQL (pid %d)", running)
          .isFalse();
    }
    assertThat(data().resolve("postmaster.pid")).doesNotExist();
  }
}
