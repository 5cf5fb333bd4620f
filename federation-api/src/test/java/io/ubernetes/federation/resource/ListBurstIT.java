package io.ubernetes.federation.resource;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Many lists at once, as when a thousand informers start together: a list waits for the event log
 * to be read up to now (its resourceVersion says every change up to it is in the list), and while
 * it waits it holds no database connection, so a slow read of the log cannot drain the pool and
 * turn the other requests away.
 */
@TestPropertySource(
    properties = {
      "spring.datasource.hikari.maximum-pool-size=4",
      "spring.datasource.hikari.connection-timeout=1000"
    })
class ListBurstIT extends ApiIntegrationTest {
  private static final String CLUSTERS = "/apis/ubernetes.io/v1/memberclusters";
  private static final int LISTS = 12;

  @Autowired private DataSource dataSource;

  @Test
  void listsWaitingForASlowEventLogHoldNoConnection() throws Exception {
    HikariDataSource pool = (HikariDataSource) dataSource;
    List<CompletableFuture<Response>> lists;
    List<Response> answers;
    try (Connection locker =
            DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      locker.setAutoCommit(false);
      try (Statement statement = locker.createStatement()) {
        // Every read of the log waits for this transaction, which lasts longer than a request
        // may wait for a connection.
        statement.execute("lock table resource_events in access exclusive mode");
        List<CompletableFuture<Response>> started =
            IntStream.range(0, LISTS)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.get(CLUSTERS), clients))
                .toList();
        lists = started;
        statement.execute("select pg_sleep(2.5)");
      }
      locker.rollback();
      answers = lists.stream().map(CompletableFuture::join).toList();
    }

    assertThat(answers)
        .allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
    assertThat(answers)
        .extracting(answer -> answer.at("/metadata/resourceVersion"))
        .doesNotContainNull();
  }
}
