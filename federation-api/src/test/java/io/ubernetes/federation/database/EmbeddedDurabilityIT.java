package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The embedded database acknowledges a commit only once it is on disk: the embedding library starts
 * PostgreSQL with fsync off and asynchronous commits, which suit its throwaway test databases, and
 * the service turns both back on.
 */
class EmbeddedDurabilityIT extends ApiIntegrationTest {
  @Autowired private DataSource dataSource;

  @Test
  void flushesEveryCommitToDisk() throws SQLException {
    assertThat(setting("fsync")).isEqualTo("on");
    assertThat(setting("synchronous_commit")).isEqualTo("on");
    assertThat(setting("full_page_writes")).isEqualTo("on");
  }

  private String setting(String name) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("show " + name)) {
      assertThat(row.next()).isTrue();
      return row.getString(1);
    }
  }
}
