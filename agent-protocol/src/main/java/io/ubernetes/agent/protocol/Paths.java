package io.ubernetes.agent.protocol;

/** The federation's agent endpoints. */
public final class Paths {
  /** {@code POST}: a {@link JoinRequest}, answered with a {@link JoinResponse}. */
  public static final String JOIN = "/api/v1/agent/join";

  /** {@code PUT}: a {@link Heartbeat}; 204. */
  public static final String HEARTBEAT = "/api/v1/agent/clusters/{cluster}/heartbeat";

  /** {@code GET ?since={revision}}: a {@link WorkFeed}, held up to 30 s when nothing changed. */
  public static final String WORK = "/api/v1/agent/clusters/{cluster}/work";

  /** {@code PUT}: a {@link StatusReport}; 204. */
  public static final String STATUS = "/api/v1/agent/clusters/{cluster}/status";

  /**
   * {@code POST}, no body: a new credential for the cluster, in a {@link JoinResponse}; the one the
   * request carried stops working at once.
   */
  public static final String CREDENTIAL = "/api/v1/agent/clusters/{cluster}/credential";

  /** The header that carries a cluster's credential, as {@code Bearer <credential>}. */
  public static final String AUTHORIZATION = "Authorization";

  private Paths() {}

  public static String forCluster(String template, String cluster) {
    return template.replace("{cluster}", cluster);
  }
}
