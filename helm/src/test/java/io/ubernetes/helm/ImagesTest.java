package io.ubernetes.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles and the charts agree: the images run as the user the charts name, expose the
 * ports the charts use, and copy the artifacts the build produces. (No image is built here.)
 */
class ImagesTest {

  @Test
  void federationImageMatchesTheChart() {
    String dockerfile = Sources.read("federation-api/Dockerfile");
    String pom = Sources.read("federation-api/pom.xml");
    V1PodSpec pod = federationPod();

    assertThat(pom)
        .contains(
            "<artifactId>ubernetes-federation-api</artifactId>", "<classifier>exec</classifier>");
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:21-jre")
        .contains("COPY target/ubernetes-federation-api-*-exec.jar")
        .contains("extract --layers --destination")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/application.jar\"]");
    assertRunsAsTheChartsUser(dockerfile, pod);
    assertExposes(dockerfile, pod.getContainers().get(0));
  }

  @Test
  void memberAgentImageMatchesTheChart() {
    String dockerfile = Sources.read("member-agent/Dockerfile");
    String pom = Sources.read("member-agent/pom.xml");
    V1PodSpec pod = memberAgentPod();

    assertThat(pom)
        .contains("<artifactId>ubernetes-member-agent</artifactId>")
        .contains("<mainClass>io.ubernetes.agent.Main</mainClass>")
        .contains("<classpathPrefix>lib/</classpathPrefix>");
    assertThat(dockerfile)
        .contains("FROM eclipse-temurin:21-jre")
        .contains("COPY target/lib/ lib/")
        .contains("COPY target/ubernetes-member-agent-*.jar")
        .contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/member-agent.jar\"]");
    assertThat(Sources.read("member-agent/.dockerignore"))
        .as("the test jar is not copied as the agent")
        .contains("target/ubernetes-member-agent-*-tests.jar");
    assertRunsAsTheChartsUser(dockerfile, pod);
    assertExposes(dockerfile, pod.getContainers().get(0));
  }

  /**
   * The agent's JVM options have one source, the parent POM's {@code agent.jvm.args}, with which
   * the agent benchmark measures its memory and the {@code exec} profile runs it: the image and the
   * chart run it with the same, and stop it on running out of memory.
   */
  @Test
  void memberAgentRunsWithTheMeasuredJvmOptions() {
    String pom = Sources.read("pom.xml");
    String measured =
        pom.substring(
            pom.indexOf("<agent.jvm.args>") + "<agent.jvm.args>".length(),
            pom.indexOf("</agent.jvm.args>"));
    String shipped = measured + " -XX:+ExitOnOutOfMemoryError";
    V1Container agent = memberAgentPod().getContainers().get(0);

    assertThat(javaOptions(agent)).isEqualTo(shipped);
    assertThat(Sources.read("member-agent/Dockerfile"))
        .contains("JDK_JAVA_OPTIONS=\"" + shipped + "\"");
  }

  /** The service's image and chart start it with the same JVM options. */
  @Test
  void federationImageAndChartUseTheSameJvmOptions() {
    V1Container service = federationPod().getContainers().get(0);

    assertThat(Sources.read("federation-api/Dockerfile"))
        .contains("JDK_JAVA_OPTIONS=\"" + javaOptions(service) + "\"");
  }

  private static V1PodSpec federationPod() {
    return Chart.federation()
        .render("ubernetes", "ubernetes")
        .one(V1Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static V1PodSpec memberAgentPod() {
    return Chart.memberAgent()
        .render("onprem-fra", "ubernetes-system", Map.of())
        .one(V1Deployment.class)
        .getSpec()
        .getTemplate()
        .getSpec();
  }

  private static String javaOptions(V1Container container) {
    return container.getEnv().stream()
        .filter(env -> env.getName().equals("JDK_JAVA_OPTIONS"))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static void assertRunsAsTheChartsUser(String dockerfile, V1PodSpec pod) {
    long user = pod.getSecurityContext().getRunAsUser();
    long group = pod.getSecurityContext().getRunAsGroup();
    assertThat(dockerfile).contains("USER " + user + ":" + group);
  }

  private static void assertExposes(String dockerfile, V1Container container) {
    String expose =
        dockerfile.lines().filter(line -> line.startsWith("EXPOSE ")).findFirst().orElseThrow();
    List<String> exposed = List.of(expose.substring("EXPOSE ".length()).trim().split("\\s+"));
    for (V1ContainerPort port : container.getPorts()) {
      assertThat(exposed)
          .contains(port.getContainerPort() + "/" + port.getProtocol().toLowerCase());
    }
  }
}
