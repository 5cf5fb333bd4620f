package io.ubernetes.federation.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the API, and how they prove it.
 *
 * @param bootstrapAdminToken an admin API token ({@code ubt_<id>_<secret>}) given by configuration
 *     (a Helm secret, the sandbox, tests); stored hashed like any other. Without it and without an
 *     identity provider, the first start generates one, prints it once in the log and writes it to
 *     {@code <data directory>/admin-token}
 * @param publicMetrics whether {@code /actuator/prometheus} answers without a token
 * @param publicApiDocs whether the OpenAPI document answers without a token (by default it does: it
 *     describes the open-source API, nothing of this installation); Swagger UI's own files always
 *     do, so that a browser can open it and take a token
 * @param maxTokenLifetime the longest an API token may live
 * @param authFailureLimit refused credentials from one address, or of one credential from any
 *     address, within {@code authFailureWindow} before further refusals are answered 429 instead of
 *     401; valid credentials are never slowed down
 * @param authFailureWindow the sliding window of {@code authFailureLimit}
 * @param jwt how roles and namespaces are read from an identity provider's JWTs
 */
@ConfigurationProperties("ubernetes.security")
public record SecurityProperties(
    String bootstrapAdminToken,
    boolean publicMetrics,
    Boolean publicApiDocs,
    Duration maxTokenLifetime,
    Integer authFailureLimit,
    Duration authFailureWindow,
    Jwt jwt) {

  public SecurityProperties {
    publicApiDocs = publicApiDocs == null || publicApiDocs;
    maxTokenLifetime = maxTokenLifetime == null ? Duration.ofDays(366) : maxTokenLifetime;
    authFailureLimit = authFailureLimit == null ? 10 : authFailureLimit;
    authFailureWindow = authFailureWindow == null ? Duration.ofMinutes(1) : authFailureWindow;
    jwt = jwt == null ? new Jwt(null, null, null, null) : jwt;
  }

  /**
   * @param rolesClaim the claim holding the caller's roles (a list or a space-separated string):
   *     {@code viewer}, {@code operator}, {@code admin}; the highest one counts
   * @param namespacesClaim the claim holding the namespaces the caller is confined to; absent or
   *     empty means all
   * @param subjectClaim the claim naming the caller in the audit log
   * @param clusterSetsClaim the claim holding the cluster sets an operator may bind to its
   *     namespaces (a list or a space-separated string); absent or empty means none
   */
  public record Jwt(
      String rolesClaim, String namespacesClaim, String subjectClaim, String clusterSetsClaim) {
    public Jwt {
      rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
      namespacesClaim =
          namespacesClaim == null || namespacesClaim.isBlank() ? "namespaces" : namespacesClaim;
      subjectClaim = subjectClaim == null || subjectClaim.isBlank() ? "sub" : subjectClaim;
      clusterSetsClaim =
          clusterSetsClaim == null || clusterSetsClaim.isBlank()
              ? "ubernetes.io/cluster-sets"
              : clusterSetsClaim;
    }
  }
}
