package io.ubernetes.dns.records;

/**
 * The names of one service, the Kubernetes Federation v1 hierarchy plus a cluster level: {@code
 * <svc>.<ns>.<federation>.svc[.<cluster>[.<zone>[.<region>]]].<domain>}, read from the right: the
 * global name, then a region's, a zone's and a cluster's.
 */
public record ServiceNames(ZoneConfig zone, String namespace, String service) {

  /** The label between the federation and the location, as in Kubernetes service names. */
  static final String SVC = "svc";

  private String base() {
    return service + "." + namespace + "." + zone.federation() + "." + SVC;
  }

  public String global() {
    return base() + "." + zone.domain();
  }

  public String region(String region) {
    return base() + "." + region + "." + zone.domain();
  }

  public String zone(String zoneName, String region) {
    return base() + "." + zoneName + "." + region + "." + zone.domain();
  }

  public String cluster(String cluster, String zoneName, String region) {
    return base() + "." + cluster + "." + zoneName + "." + region + "." + zone.domain();
  }

  /** The SRV name of {@code port} under {@code name}: {@code _<port>._<proto>.<name>}. */
  public static String srv(String port, String protocol, String name) {
    return "_" + port + "._" + protocol.toLowerCase(java.util.Locale.ROOT) + "." + name;
  }
}
