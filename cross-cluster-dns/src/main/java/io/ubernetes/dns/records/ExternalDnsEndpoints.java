package io.ubernetes.dns.records;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The zone's service records as ExternalDNS {@code DNSEndpoint} objects ({@code
 * externaldns.k8s.io/v1alpha1}), one per service, for operators whose DNS provider ExternalDNS
 * already manages. Every object and endpoint carries the owner id, so that the ExternalDNS instance
 * that owns them (its {@code --txt-owner-id}) can be told apart from others. The apex's SOA and NS
 * stay with the provider.
 */
public final class ExternalDnsEndpoints {
  public static final String API_VERSION = "externaldns.k8s.io/v1alpha1";
  public static final String OWNER_LABEL = "ubernetes.io/dns-owner";

  private ExternalDnsEndpoints() {}

  /** One DNSEndpoint document per service, in namespace and name order. */
  public static List<Map<String, Object>> of(Zone zone, String ownerId) {
    String federation = zone.config().federation();
    // namespace/service -> name -> type -> records
    Map<String, Map<String, Map<RData.Type, List<ResourceRecord>>>> services = new TreeMap<>();
    zone.names()
        .forEach(
            (name, records) -> {
              String[] labels = name.split("\\.");
              int first = 0;
              while (first < labels.length && labels[first].startsWith("_")) {
                first++;
              }
              if (records.isEmpty()
                  || labels.length < first + 4
                  || !labels[first + 2].equals(federation)
                  || !labels[first + 3].equals(ServiceNames.SVC)) {
                return;
              }
              String key = labels[first + 1] + "/" + labels[first];
              for (ResourceRecord record : records) {
                services
                    .computeIfAbsent(key, k -> new TreeMap<>(Zone.CANONICAL))
                    .computeIfAbsent(name, n -> new TreeMap<>())
                    .computeIfAbsent(record.data().type(), t -> new ArrayList<>())
                    .add(record);
              }
            });
    List<Map<String, Object>> documents = new ArrayList<>();
    services.forEach(
        (key, names) -> {
          String namespace = key.substring(0, key.indexOf('/'));
          String service = key.substring(key.indexOf('/') + 1);
          List<Map<String, Object>> endpoints = new ArrayList<>();
          names.forEach(
              (name, byType) ->
                  byType.forEach(
                      (type, records) -> {
                        Map<String, Object> endpoint = new LinkedHashMap<>();
                        endpoint.put("dnsName", name);
                        endpoint.put("recordType", type.name());
                        endpoint.put(
                            "targets", records.stream().map(r -> target(r.data())).toList());
                        endpoint.put("recordTTL", records.get(0).ttl());
                        endpoint.put("labels", Map.of("owner", ownerId));
                        endpoints.add(endpoint);
                      }));
          Map<String, Object> metadata = new LinkedHashMap<>();
          metadata.put("name", service + "-" + federation);
          metadata.put("namespace", namespace);
          metadata.put(
              "labels", Map.of("app.kubernetes.io/managed-by", "ubernetes", OWNER_LABEL, ownerId));
          Map<String, Object> document = new LinkedHashMap<>();
          document.put("apiVersion", API_VERSION);
          document.put("kind", "DNSEndpoint");
          document.put("metadata", metadata);
          document.put("spec", Map.of("endpoints", endpoints));
          documents.add(document);
        });
    return documents;
  }

  /** A target as ExternalDNS writes it: names without the final dot. */
  private static String target(RData data) {
    return switch (data) {
      case RData.Cname cname -> cname.target();
      case RData.Srv srv ->
          srv.priority() + " " + srv.weight() + " " + srv.port() + " " + srv.target();
      default -> data.presentation();
    };
  }
}
