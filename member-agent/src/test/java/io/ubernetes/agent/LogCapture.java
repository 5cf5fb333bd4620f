package io.ubernetes.agent;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the agent logs, to check what log lines show and never show. */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  List<ILoggingEvent> agentEvents() {
    synchronized (appender.list) {
      return appender.list.stream()
          .filter(e -> e.getLoggerName().startsWith("io.ubernetes.agent"))
          .toList();
    }
  }

  List<String> allLines() {
    synchronized (appender.list) {
      return appender.list.stream()
          .map(
              e ->
                  e.getFormattedMessage()
                      + (e.getThrowableProxy() == null
                          ? ""
                          : " " + e.getThrowableProxy().getMessage())
                      + " "
                      + e.getMDCPropertyMap())
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
