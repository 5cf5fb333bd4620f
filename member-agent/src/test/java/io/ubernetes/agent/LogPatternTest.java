package io.ubernetes.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's log lines name the cluster and the object when there are ones, and say nothing of
 * them otherwise (the service's lines in the sandbox, which shares this configuration, have none).
 */
class LogPatternTest {

  @ParameterizedTest
  @ValueSource(strings = {"/logback.xml", "/logback-test.xml"})
  void leavesOutFieldsWithoutAValue(String configuration) throws JoranException {
    String line = format(configuration, null, Map.of());

    assertThat(line).doesNotContain("cluster=").doesNotContain("object=").contains("Started - ");
    assertThat(line).endsWith("Started - something happened" + System.lineSeparator());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/logback.xml", "/logback-test.xml"})
  void namesTheClusterAndTheObject(String configuration) throws JoranException {
    String line =
        format(
            configuration, null, Map.of("cluster", "onprem-fra", "object", "Deployment shop/web"));

    assertThat(line).contains(" cluster=onprem-fra object=Deployment shop/web - something");
  }

  @Test
  void fallsBackToTheConfiguredClusterName() throws JoranException {
    String line = format("/logback.xml", "member-1", Map.of());

    assertThat(line).contains(" cluster=member-1 - something").doesNotContain("object=");
  }

  private static String format(String configuration, String clusterName, Map<String, String> mdc)
      throws JoranException {
    LoggerContext context = new LoggerContext();
    if (clusterName != null) {
      context.putProperty("UBERNETES_CLUSTER_NAME", clusterName);
    }
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    URL resource = LogPatternTest.class.getResource(configuration);
    assertThat(resource).as(configuration).isNotNull();
    configurator.doConfigure(resource);
    try {
      var appender =
          (OutputStreamAppender<ILoggingEvent>)
              context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
      PatternLayoutEncoder encoder = (PatternLayoutEncoder) appender.getEncoder();
      LoggingEvent event = new LoggingEvent();
      event.setLoggerContext(context);
      event.setLoggerName("io.ubernetes.agent.Started");
      event.setLevel(Level.INFO);
      event.setThreadName("main");
      event.setMessage("something happened");
      event.setTimeStamp(System.currentTimeMillis());
      event.setMDCPropertyMap(mdc);
      return encoder.getLayout().doLayout(event);
    } finally {
      context.stop();
    }
  }
}
