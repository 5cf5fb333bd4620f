package io.ubernetes.federation.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.ApiIntegrationTest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * FederatedResourceQuotas on the API: every bad spec is a 422 naming its field (a member quota's
 * name too long for its ResourceQuota's label as well), a created quota's status shows its limits
 * normalized, and the namespace's own operators cannot write it.
 */
class FederatedResourceQuotaApiIT extends ApiIntegrationTest {

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.argumentSet(
            "cpu that is no quantity", "{\"hard\": {\"cpu\": \"lots\"}}", "spec.hard[cpu]"),
        Arguments.argumentSet(
            "negative memory",
            "{\"hard\": {\"requests.memory\": \"-1Gi\"}}",
            "spec.hard[requests.memory]"),
        Arguments.argumentSet(
            "a resource no quota limits",
            "{\"hard\": {\"limits.gpu\": \"1\"}}",
            "spec.hard[limits.gpu]"),
        Arguments.argumentSet("half a pod", "{\"hard\": {\"pods\": \"1500m\"}}", "spec.hard[pods]"),
        Arguments.argumentSet(
            "a set's limit that is no quantity",
            "{\"hard\": {}, \"clusterSets\": [{\"name\": \"eu\", \"hard\": {\"pods\": \"x\"}}]}",
            "spec.clusterSets[0].hard[pods]"),
        Arguments.argumentSet(
            "a set's name that is no DNS label",
            "{\"hard\": {}, \"clusterSets\": [{\"name\": \"EU_West\", \"hard\": {}}]}",
            "spec.clusterSets[0].name"),
        Arguments.argumentSet(
            "a set named twice",
            "{\"hard\": {}, \"clusterSets\": [{\"name\": \"eu\", \"hard\": {}},"
                + " {\"name\": \"eu\", \"hard\": {}}]}",
            "spec.clusterSets[1].name"),
        Arguments.argumentSet(
            "headroom above 1000 percent",
            "{\"hard\": {}, \"memberQuota\": {\"enabled\": true, \"headroomPercent\": 1001}}",
            "spec.memberQuota.headroomPercent"),
        Arguments.argumentSet(
            "negative headroom",
            "{\"hard\": {}, \"memberQuota\": {\"headroomPercent\": -1}}",
            "spec.memberQuota.headroomPercent"));
  }

  @ParameterizedTest
  @MethodSource("badSpecs")
  void refusesABadSpecNamingTheField(String spec, String field) {
    Response response =
        api.post(
            quotas(unique("frq-bad")), "{\"metadata\": {\"name\": \"q\"}, \"spec\": " + spec + "}");

    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.errorFields()).containsExactly(field);
  }

  @Test
  void aMemberQuotaNeedsANameItsResourceQuotasLabelCanHold() {
    String namespace = unique("frq-long");
    String name = "c".repeat(56 - namespace.length() + 1);
    String spec = "{\"hard\": {\"pods\": \"10\"}, \"memberQuota\": {\"enabled\": %s}}";

    Response enabled =
        api.post(
            quotas(namespace),
            "{\"metadata\": {\"name\": \"" + name + "\"}, \"spec\": " + spec.formatted(true) + "}");
    Response disabled =
        api.post(
            quotas(namespace),
            "{\"metadata\": {\"name\": \""
                + name
                + "\"}, \"spec\": "
                + spec.formatted(false)
                + "}");
    Response shorter =
        api.post(
            quotas(namespace),
            "{\"metadata\": {\"name\": \""
                + name.substring(1)
                + "\"}, \"spec\": "
                + spec.formatted(true)
                + "}");

    assertThat(enabled.status()).as(enabled.body()).isEqualTo(422);
    assertThat(enabled.contentType()).startsWith("application/problem+json");
    assertThat(enabled.errorFields()).containsExactly("metadata.name");
    assertThat(enabled.body()).contains("<namespace>.quota_<name>");
    assertThat(disabled.status()).as(disabled.body()).isEqualTo(201);
    assertThat(shorter.status()).as(shorter.body()).isEqualTo(201);
  }

  @Test
  void aCreatedQuotaShowsItsLimitsNormalizedInItsStatus() {
    String namespace = unique("frq");
    Response created =
        api.post(
            quotas(namespace),
            """
            {"metadata": {"name": "compute"},
             "spec": {"hard": {"cpu": "1500m", "memory": "2048Mi", "pods": "10",
                               "count/federatedworkloads": "3"},
                      "memberQuota": {"enabled": true, "headroomPercent": 1000}}}
            """);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // Written once the create commits, as a controller writes status.
    await()
        .untilAsserted(
            () -> {
              Response read = api.get(quotas(namespace) + "/compute");
              assertThat(read.json().at("/status/hard").toString())
                  .isEqualTo(
                      "{\"count/federatedworkloads\":\"3\",\"pods\":\"10\",\"requests.cpu\":\"1500m\","
                          + "\"requests.memory\":\"2Gi\"}");
              assertThat(read.at("/spec/hard/cpu")).as("the spec as written").isEqualTo("1500m");
            });
  }

  @Test
  void theNamespacesOwnOperatorCannotRaiseItsQuotaButAnUnconfinedOperatorCan() {
    String namespace = unique("frq-tenant");
    String tenant = api.issueToken(unique("tenant"), "operator", List.of(namespace));
    String platform = api.issueToken(unique("platform"), "operator", List.of());
    String quota =
        "{\"metadata\": {\"name\": \"compute\"}, \"spec\": {\"hard\": {\"pods\": \"10\"}}}";

    Response byTenant = api.withToken(tenant).post(quotas(namespace), quota);
    Response byPlatform = api.withToken(platform).post(quotas(namespace), quota);
    Response raised =
        api.withToken(tenant)
            .mergePatch(
                quotas(namespace) + "/compute", "{\"spec\": {\"hard\": {\"pods\": \"99\"}}}");

    assertThat(byTenant.status()).as(byTenant.body()).isEqualTo(403);
    assertThat(byTenant.at("/detail"))
        .contains("federated resource quotas limit a namespace")
        .contains("operator confined to no namespace");
    assertThat(byPlatform.status()).as(byPlatform.body()).isEqualTo(201);
    assertThat(raised.status()).isEqualTo(403);
    assertThat(api.withToken(tenant).get(quotas(namespace) + "/compute").status()).isEqualTo(200);
  }

  private static String quotas(String namespace) {
    return "/api/v1/namespaces/" + namespace + "/federatedresourcequotas";
  }
}
