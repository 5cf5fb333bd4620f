package io.ubernetes.federation.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.KubernetesClientIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import io.ubernetes.federation.testing.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Errors on the Kubernetes paths are {@code metav1.Status} documents, whichever part of the service
 * gave them, with the reasons, messages and details Kubernetes clients read; the old paths keep
 * their problem documents.
 */
class KubernetesStatusIT extends KubernetesClientIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";

  @Test
  void aMissingObjectIsANotFoundStatusNamingTheResourceOnTheGroupPathsOnly() {
    String namespace = unique("status");

    Response group = api.get(GROUP + "/namespaces/" + namespace + "/federatedworkloads/missing");
    Response legacy = api.get("/api/v1/namespaces/" + namespace + "/workloads/missing");

    assertThat(group.status()).isEqualTo(404);
    assertThat(group.contentType()).isEqualTo("application/json");
    assertThat(group.json().at("/kind").asString()).isEqualTo("Status");
    assertThat(group.json().at("/apiVersion").asString()).isEqualTo("v1");
    assertThat(group.json().at("/status").asString()).isEqualTo("Failure");
    assertThat(group.json().at("/code").asInt()).isEqualTo(404);
    assertThat(group.at("/reason")).isEqualTo("NotFound");
    assertThat(group.at("/message"))
        .isEqualTo("federatedworkloads.ubernetes.io \"missing\" not found");
    assertThat(group.at("/details/name")).isEqualTo("missing");
    assertThat(group.at("/details/group")).isEqualTo("ubernetes.io");
    assertThat(group.at("/details/kind")).isEqualTo("federatedworkloads");
    assertThat(legacy.status()).isEqualTo(404);
    assertThat(legacy.contentType()).isEqualTo("application/problem+json");
    assertThat(legacy.at("/title")).isEqualTo("NotFound");
  }

  @Test
  void anInvalidObjectIsAnInvalidStatusWithOneCausePerBrokenRuleAsTheFabric8ClientReadsIt() {
    String namespace = unique("status");
    GenericKubernetesResource bad =
        client
            .getKubernetesSerialization()
            .unmarshal(
                """
                {"apiVersion": "ubernetes.io/v1", "kind": "FederatedWorkload",
                 "metadata": {"name": "bad"},
                 "spec": {"replicas": -1}}
                """,
                GenericKubernetesResource.class);

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class, () -> workloads(namespace).resource(bad).create());

    assertThat(refused.getCode()).isEqualTo(422);
    Status status = refused.getStatus();
    assertThat(status.getReason()).isEqualTo("Invalid");
    assertThat(status.getMessage())
        .startsWith("FederatedWorkload.ubernetes.io \"bad\" is invalid: [spec.");
    assertThat(status.getDetails().getKind()).isEqualTo("FederatedWorkload");
    assertThat(status.getDetails().getName()).isEqualTo("bad");
    assertThat(status.getDetails().getGroup()).isEqualTo("ubernetes.io");
    assertThat(status.getDetails().getCauses())
        .extracting(StatusCause::getField, StatusCause::getReason)
        .contains(tuple("spec.template", "FieldValueRequired"));
    assertThat(status.getDetails().getCauses())
        .anySatisfy(
            cause -> {
              assertThat(cause.getField()).isEqualTo("spec.replicas");
              assertThat(cause.getReason()).isEqualTo("FieldValueInvalid");
              assertThat(cause.getMessage()).startsWith("Invalid value: ");
            });
  }

  @Test
  void aSecondCreateIsAlreadyExistsAndAStaleWriteIsAConflict() {
    String namespace = unique("status");
    String name = unique("web");
    GenericKubernetesResource sent =
        client
            .getKubernetesSerialization()
            .unmarshal(Manifests.workload(name), GenericKubernetesResource.class);
    GenericKubernetesResource created = workloads(namespace).resource(sent).create();

    KubernetesClientException again =
        catchThrowableOfType(
            KubernetesClientException.class, () -> workloads(namespace).resource(sent).create());
    created.getMetadata().setResourceVersion("999999999");
    Response stale =
        api.put(
            GROUP + "/namespaces/" + namespace + "/federatedworkloads/" + name,
            client.getKubernetesSerialization().asJson(created));

    assertThat(again.getCode()).isEqualTo(409);
    assertThat(again.getStatus().getReason()).isEqualTo("AlreadyExists");
    assertThat(again.getStatus().getMessage())
        .isEqualTo("federatedworkloads.ubernetes.io \"" + name + "\" already exists");
    assertThat(again.getStatus().getDetails().getKind()).isEqualTo("federatedworkloads");
    assertThat(again.getStatus().getDetails().getName()).isEqualTo(name);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.at("/reason")).isEqualTo("Conflict");
    assertThat(stale.at("/message"))
        .isEqualTo(
            "Operation cannot be fulfilled on federatedworkloads.ubernetes.io \""
                + name
                + "\": the object has been modified; please apply your changes to the latest"
                + " version and try again");
    assertThat(stale.at("/details/kind")).isEqualTo("federatedworkloads");
    assertThat(stale.at("/details/name")).isEqualTo(name);
  }

  @Test
  void aCallerWithoutTheRoleIsForbiddenNamingUserVerbResourceAndNamespace() {
    String namespace = unique("status");
    String tokenName = unique("status-viewer");
    String viewer = api.issueToken(tokenName, "viewer", List.of());

    Response refused =
        api.withToken(viewer)
            .post(
                GROUP + "/namespaces/" + namespace + "/federatedworkloads",
                Manifests.workload("web"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.contentType()).isEqualTo("application/json");
    assertThat(refused.at("/kind")).isEqualTo("Status");
    assertThat(refused.at("/reason")).isEqualTo("Forbidden");
    assertThat(refused.at("/message"))
        .startsWith(
            "federatedworkloads.ubernetes.io is forbidden: User \""
                + tokenName
                + "\" cannot create resource \"federatedworkloads\" in API group \"ubernetes.io\""
                + " in the namespace \""
                + namespace
                + "\"");
    assertThat(refused.at("/details/kind")).isEqualTo("federatedworkloads");
    assertThat(refused.at("/details/group")).isEqualTo("ubernetes.io");
  }

  @Test
  void filtersAndSpringAnswerStatusesToo() {
    Response anonymous = api.withToken(null).get(GROUP + "/memberclusters");
    Response badParameter = api.get(GROUP + "/memberclusters?limit=many");
    Response wrongMethod = api.send("PUT", GROUP, "application/json", "{}", "application/json");
    Response tooLarge =
        api.post(GROUP + "/namespaces/big/federatedworkloads", "x".repeat(2 * 1024 * 1024));
    Response version = api.send("POST", "/version", "application/json", "{}", "application/json");

    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.at("/kind")).isEqualTo("Status");
    assertThat(anonymous.at("/reason")).isEqualTo("Unauthorized");
    assertThat(badParameter.status()).isEqualTo(400);
    assertThat(badParameter.at("/reason")).isEqualTo("BadRequest");
    assertThat(badParameter.at("/details/causes/0/field")).isEqualTo("limit");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.at("/kind")).isEqualTo("Status");
    assertThat(wrongMethod.at("/reason")).isEqualTo("MethodNotAllowed");
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.at("/kind")).isEqualTo("Status");
    assertThat(tooLarge.at("/reason")).isEqualTo("RequestEntityTooLarge");
    assertThat(version.at("/kind")).isEqualTo("Status");
    assertThat(List.of(anonymous, badParameter, wrongMethod, tooLarge, version))
        .allSatisfy(
            answer -> {
              assertThat(answer.contentType()).isEqualTo("application/json");
              assertThat(answer.json().at("/code").asInt()).isEqualTo(answer.status());
            });
  }

  @Test
  void whatTomcatRefusesItselfIsAStatusOnTheGroupPaths() {
    RawHttp.Answer answer = RawHttp.get(port(), GROUP + "/namespaces/a%2Fb/federatedworkloads");

    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).startsWith("application/json");
    assertThat(answer.at("/kind")).isEqualTo("Status");
    assertThat(answer.at("/reason")).isEqualTo("BadRequest");
    assertThat(answer.json().at("/code").asInt()).isEqualTo(400);
  }

  private NonNamespaceOperation<
          GenericKubernetesResource,
          GenericKubernetesResourceList,
          Resource<GenericKubernetesResource>>
      workloads(String namespace) {
    return client
        .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
        .inNamespace(namespace);
  }
}
