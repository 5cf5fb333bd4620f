package io.ubernetes.federation.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PostgresLogTest {

  @Test
  @SuppressWarnings("try") // held for the try block, not referenced in it
  void passesOnWarningsAndErrorsAndKeepsTheRestAtDebug(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("postgres.log");
    Files.writeString(file, "2026-12-06 12:00:00.000 UTC [1] FATAL:  from an earlier run\n");
    Logger logger = (Logger) LoggerFactory.getLogger(PostgresLog.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level before = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try (PostgresLog log = new PostgresLog(file, false)) {
      Files.writeString(
          file,
          """
          The files belonging to this database system will be owned by user "nobody".
          waiting for server to start....2026-12-06 12:40:35.147 UTC [7003] LOG:  starting PostgreSQL 17
          2026-12-06 12:40:35.197 UTC [7003] LOG:  database system is ready to accept connections
          2026-12-06 12:40:35.198 UTC [7010] FATAL:  the database system is starting up
          2026-12-06 12:41:00.000 UTC [7016] ERROR:  relation "x" does not exist at character 15
          2026-12-06 12:41:00.000 UTC [7016] STATEMENT:  select * from x
          2026-12-06 12:41:01.000 UTC [7017] WARNING:  there is no transaction in progress
          2026-12-06 12:41:02.000 UTC [7003] LOG:  checkpoint starting: time
          2026-12-06 12:41:03.000 UTC [7018] FATAL:  could not open file "base/5/1259": Permission denied
          2026-12-06 12:41:04.000 UTC [7003] PANIC:  could not write to file "pg_wal/xlogtemp"
          """,
          StandardOpenOption.APPEND);

      await().atMost(Duration.ofSeconds(10)).until(() -> appender.list.size() >= 10);
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(before);
    }

    Map<Level, List<String>> byLevel =
        appender.list.stream()
            .collect(
                Collectors.groupingBy(
                    ILoggingEvent::getLevel,
                    Collectors.mapping(ILoggingEvent::getFormattedMessage, Collectors.toList())));
    assertThat(byLevel.get(Level.ERROR))
        .hasSize(2)
        .anySatisfy(line -> assertThat(line).contains("Permission denied"))
        .anySatisfy(line -> assertThat(line).contains("PANIC"));
    assertThat(byLevel.get(Level.WARN))
        .hasSize(3)
        .anySatisfy(line -> assertThat(line).contains("relation \"x\" does not exist"))
        .anySatisfy(line -> assertThat(line).contains("STATEMENT:  select * from x"))
        .anySatisfy(line -> assertThat(line).contains("no transaction in progress"));
    assertThat(byLevel.get(Level.DEBUG))
        .hasSize(5)
        .noneSatisfy(line -> assertThat(line).contains("earlier run"));
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("earlier run");
  }
}
