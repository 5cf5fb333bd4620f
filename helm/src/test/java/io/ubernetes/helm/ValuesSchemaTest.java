package io.ubernetes.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each chart's values.schema.json turns a mistake into a message naming the value and the rule,
 * before anything is rendered or installed.
 */
class ValuesSchemaTest {
  private static final String SCHEMA_FAILURE = "values don't meet the specifications of the schema";

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          replicaCount                    | 0            | at '/replicaCount': minimum: got 0, want 1
          replicaCont                     | 2            | additional properties 'replicaCont' not allowed
          database.password               | secret       | at '/database': additional properties 'password' not allowed
          database.sslMode                | on           | at '/database/sslMode': value must be one of
          database.url                    | postgres://x | at '/database/url'
          database.existingSecret.name    | Bad_Name     | at '/database/existingSecret/name'
          agents.joinMode                 | OPEN         | at '/agents/joinMode': value must be one of 'AUTO', 'APPROVAL', 'auto', 'approval'
          agents.joinToken.existingSecret | ''           | at '/agents/joinToken/existingSecret': minLength
          agents.heartbeatTimeout         | soon         | at '/agents/heartbeatTimeout'
          tls.enabled                     | true         | at '/tls/secretName': minLength: got 0, want 1
          dns.containerPort               | 53           | at '/dns/containerPort': minimum: got 53, want 1,024
          dns.domain                      | Fleet_Zone   | at '/dns/domain'
          dns.glueAddresses[0]            | ns1          | at '/dns/glueAddresses/0'
          containerPort                   | 80           | at '/containerPort': minimum
          securityContext.runAsUser       | 0            | at '/securityContext/runAsUser': minimum: got 0, want 1
          image.pullPolicy                | Sometimes    | at '/image/pullPolicy': value must be one of
          image.digest                    | latest       | at '/image/digest'
          resources.requests.memory       | lots         | at '/resources/requests/memory'
          service.type                    | ExternalName | at '/service/type': value must be one of
          autoscaling.maxReplicas         | 0            | at '/autoscaling/maxReplicas': minimum
          auth.oidc.issuerUri             | login.local  | at '/auth/oidc/issuerUri'
          auth.oidc.dashboard.scopes[0]   | 'openid profile' | at '/auth/oidc/dashboard/scopes/0'
          auth.oidc.dashboard.secret      | s3cr3t       | at '/auth/oidc/dashboard': additional properties 'secret' not allowed
          """)
  void federationChartRejects(String key, String value, String message) {
    String failure = Chart.federation().renderFailure("ubernetes", Map.of(key, value));

    assertThat(failure).contains(SCHEMA_FAILURE).contains(message);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          federation.url                         | ftp://federation  | at '/federation/url'
          federation.url                         | ''                | at '/federation/url'
          federation.joinToken.existingSecret    | ''                | at '/federation/joinToken/existingSecret': minLength
          federation.ca.pem                      | not a certificate | at '/federation/ca/pem'
          federation.token                       | abc               | at '/federation': additional properties 'token' not allowed
          cluster.name                           | Onprem_FRA        | at '/cluster/name'
          applyMode                              | replace           | at '/applyMode': value must be one of 'server-side', 'update'
          heartbeatInterval                      | often             | at '/heartbeatInterval'
          healthPort                             | 80                | at '/healthPort': minimum: got 80, want 1,024
          rbac.managedKinds[0].resources[0]      | '*'               | at '/rbac/managedKinds/0/resources/0'
          rbac.managedKinds[0].resources[0]      | deployments/scale | at '/rbac/managedKinds/0/resources/0'
          rbac.managedKinds[0].resources[0]      | nodes             | at '/rbac/managedKinds/0/resources/0': 'not' failed
          rbac.managedKinds[0].resources[0]      | rolebindings      | at '/rbac/managedKinds/0/resources/0': 'not' failed
          rbac.managedKinds[0].apiGroup          | '*'               | at '/rbac/managedKinds/0/apiGroup'
          securityContext.runAsUser              | 0                 | at '/securityContext/runAsUser': minimum: got 0, want 1
          resources.requests.memory              | ''                | at '/resources/requests/memory'
          """)
  void memberAgentChartRejects(String key, String value, String message) {
    String failure = Chart.memberAgent().renderFailure("onprem-fra", Map.of(key, value));

    assertThat(failure).contains(SCHEMA_FAILURE).contains(message);
  }
}
