package io.ubernetes.federation.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.ubernetes.federation.testing.ApiClient.Response;
import io.ubernetes.federation.testing.KubernetesClientIntegrationTest;
import io.ubernetes.federation.testing.Manifests;
import org.junit.jupiter.api.Test;

/**
 * A client that asks to act as someone else ({@code kubectl --as}, Fabric8's impersonation
 * settings) is refused on every path, before anything is read or written, as kube-apiserver refuses
 * a caller who may not impersonate: this service has no one to act as but the caller.
 */
class ImpersonationIT extends KubernetesClientIntegrationTest {
  private static final String GROUP = "/apis/ubernetes.io/v1";
  private static final String ADMIN = "bootstrap-admin";

  @Test
  void aReadAsAnotherUserIsForbiddenAsKubernetesWordsIt() {
    String namespace = unique("as-user");

    Response refused =
        api.withHeader("Impersonate-User", "bob")
            .get(GROUP + "/namespaces/" + namespace + "/federatedworkloads");

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/kind")).isEqualTo("Status");
    assertThat(refused.at("/reason")).isEqualTo("Forbidden");
    assertThat(refused.at("/message"))
        .isEqualTo(
            "users \"bob\" is forbidden: User \""
                + ADMIN
                + "\" cannot impersonate resource \"users\" in API group \"\" at the cluster"
                + " scope");
    assertThat(refused.at("/details/name")).isEqualTo("bob");
    assertThat(refused.at("/details/kind")).isEqualTo("users");
    assertThat(refused.json().at("/details").has("group"))
        .as("the core group is named by no group at all")
        .isFalse();
  }

  @Test
  void aWriteAsAGroupIsForbiddenAsAProblemOnTheFederationsPathsAndWritesNothing() {
    String namespace = unique("as-group");
    String name = unique("web");

    Response refused =
        api.withHeader("Impersonate-Group", "system:masters")
            .post("/api/v1/namespaces/" + namespace + "/workloads", Manifests.workload(name));

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.contentType()).isEqualTo("application/problem+json");
    assertThat(refused.at("/detail"))
        .isEqualTo(
            "groups \"system:masters\" is forbidden: User \""
                + ADMIN
                + "\" cannot impersonate resource \"groups\" in API group \"\" at the cluster"
                + " scope");
    assertThat(api.get("/api/v1/namespaces/" + namespace + "/workloads/" + name).status())
        .isEqualTo(404);
  }

  @Test
  void aWatchAsAnotherUserIsRefusedBeforeItStarts() {
    String namespace = unique("as-watch");
    KubernetesClient impersonating =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withImpersonateUsername("bob")
                    .withImpersonateGroups("ops")
                    .build())
            .build();
    try (impersonating) {
      KubernetesClientException refused =
          catchThrowableOfType(
              KubernetesClientException.class,
              () ->
                  impersonating
                      .genericKubernetesResources("ubernetes.io/v1", "FederatedWorkload")
                      .inNamespace(namespace)
                      .watch(
                          new Watcher<GenericKubernetesResource>() {
                            @Override
                            public void eventReceived(
                                Action action, GenericKubernetesResource resource) {}

                            @Override
                            public void onClose(WatcherException cause) {}
                          })
                      .close());

      assertThat(refused).as("the watch was refused").isNotNull();
      assertThat(refused.getCode()).isEqualTo(403);
      assertThat(refused.getStatus().getMessage())
          .contains("cannot impersonate resource \"users\"");
    }
  }

  @Test
  void aCallerWithoutCredentialsIsRefusedAsAnonymous() {
    Response refused =
        api.withToken(null).withHeader("Impersonate-User", "bob").get(GROUP + "/memberclusters");

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(refused.at("/message"))
        .startsWith("users \"bob\" is forbidden: User \"system:anonymous\" cannot impersonate");
  }

  @Test
  void uidsAndExtrasAreImpersonationToo() {
    Response uid = api.withHeader("Impersonate-Uid", "1234").get(GROUP + "/memberclusters");
    // The key is percent-encoded, as client-go sends a key with characters a header name cannot
    // hold.
    Response extra =
        api.withHeader("Impersonate-Extra-Example.com%2fScopes", "view").get("/api/v1/clusters");

    assertThat(uid.status()).as(uid.body()).isEqualTo(403);
    assertThat(uid.at("/message"))
        .isEqualTo(
            "uids.authentication.k8s.io \"1234\" is forbidden: User \""
                + ADMIN
                + "\" cannot impersonate resource \"uids\" in API group"
                + " \"authentication.k8s.io\" at the cluster scope");
    assertThat(extra.status()).as(extra.body()).isEqualTo(403);
    assertThat(extra.at("/detail"))
        .isEqualTo(
            "userextras.authentication.k8s.io \"view\" is forbidden: User \""
                + ADMIN
                + "\" cannot impersonate resource \"userextras/example.com/scopes\" in API group"
                + " \"authentication.k8s.io\" at the cluster scope");
  }
}
