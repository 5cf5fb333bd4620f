package io.ubernetes.federation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * The audit log's completeness, checked around every API test class: each attempted change the
 * class sent (counted by {@link ApiClient}) left exactly one audit row, whatever its answer.
 */
final class AuditCompleteness implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(AuditCompleteness.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(STORE).put("rows", rows(context));
    context.getStore(STORE).put("changes", ApiClient.changesSent());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    long rows = rows(context) - context.getStore(STORE).get("rows", Long.class);
    long changes = ApiClient.changesSent() - context.getStore(STORE).get("changes", Long.class);
    assertThat(rows)
        .as("audit rows left by the %d changes %s sent", changes, context.getDisplayName())
        .isEqualTo(changes);
  }

  private static long rows(ExtensionContext context) {
    DataSource dataSource =
        SpringExtension.getApplicationContext(context).getBean(DataSource.class);
    return JdbcClient.create(dataSource)
        .sql("select count(*) from audit_events")
        .query(Long.class)
        .single();
  }
}
