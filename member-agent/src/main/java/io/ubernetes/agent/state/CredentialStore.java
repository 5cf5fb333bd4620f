package io.ubernetes.agent.state;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret {@code ubernetes-agent-credentials} in the state namespace: the credential and the
 * join request id. Calls throw {@link io.fabric8.kubernetes.client.KubernetesClientException} when
 * the member API server fails; callers try again.
 */
public final class CredentialStore {
  public static final String SECRET = "ubernetes-agent-credentials";
  static final String CREDENTIAL = "credential";
  static final String REQUEST_ID = "requestId";

  private final KubernetesClient client;
  private final StateNamespace namespace;

  /** The member cluster's API server the Secret is kept in, to name it when a call fails. */
  public java.net.URL apiServer() {
    return client.getMasterUrl();
  }

  public CredentialStore(KubernetesClient client, String stateNamespace) {
    this.client = client;
    this.namespace = new StateNamespace(client, stateNamespace);
  }

  public Optional<AgentCredentials> load() {
    Secret secret = client.secrets().inNamespace(namespace.name()).withName(SECRET).get();
    if (secret == null || secret.getData() == null) {
      return Optional.empty();
    }
    String requestId = decode(secret.getData().get(REQUEST_ID));
    if (requestId == null) {
      return Optional.empty();
    }
    return Optional.of(new AgentCredentials(decode(secret.getData().get(CREDENTIAL)), requestId));
  }

  public void save(AgentCredentials credentials) {
    namespace.ensure();
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(SECRET)
            .withNamespace(namespace.name())
            .addToLabels(StateNamespace.PART_OF_LABEL, StateNamespace.PART_OF)
            .endMetadata()
            .withType("Opaque")
            .withData(encode(credentials))
            .build();
    client
        .secrets()
        .inNamespace(namespace.name())
        .resource(secret)
        .createOr(existing -> existing.update());
  }

  /** Removes the credential (the federation no longer accepts it) and keeps the request id. */
  public void forgetCredential() {
    Secret secret = client.secrets().inNamespace(namespace.name()).withName(SECRET).get();
    if (secret != null && secret.getData() != null && secret.getData().containsKey(CREDENTIAL)) {
      client
          .secrets()
          .inNamespace(namespace.name())
          .withName(SECRET)
          .patch(
              PatchContext.of(PatchType.JSON),
              "[{\"op\":\"remove\",\"path\":\"/data/" + CREDENTIAL + "\"}]");
    }
  }

  private static Map<String, String> encode(AgentCredentials credentials) {
    Base64.Encoder base64 = Base64.getEncoder();
    return credentials.credential() == null
        ? Map.of(REQUEST_ID, base64.encodeToString(bytes(credentials.requestId())))
        : Map.of(
            REQUEST_ID,
            base64.encodeToString(bytes(credentials.requestId())),
            CREDENTIAL,
            base64.encodeToString(bytes(credentials.credential())));
  }

  private static byte[] bytes(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static String decode(String value) {
    return value == null
        ? null
        : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
  }
}
