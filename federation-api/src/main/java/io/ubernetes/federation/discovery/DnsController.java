package io.ubernetes.federation.discovery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.ExternalDnsEndpoints;
import io.ubernetes.dns.records.Zone;
import io.ubernetes.dns.records.ZoneFile;
import io.ubernetes.federation.caller.Caller;
import io.ubernetes.federation.caller.Callers;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The federation's DNS records for other DNS servers: a zone file, ExternalDNS objects, a feed.
 * Each lists the services of the namespaces the caller may read, on the whole fleet's locations and
 * the zone's apex, so that a caller confined to namespaces still gets a complete, valid zone; the
 * DNS server itself answers anyone for every service, as DNS does.
 */
@RestController
@RequestMapping("/api/v1/dns")
@Tag(
    name = "DNS",
    description =
        "Cross-cluster service discovery: the zone as an RFC 1035 file, as ExternalDNS"
            + " DNSEndpoints, and the record feed the standalone DNS server follows")
class DnsController {
  private static final long MAX_WAIT_SECONDS = 30;

  private final ServiceDirectory directory;
  private final DnsProperties properties;
  private final YAMLMapper yaml = YAMLMapper.builder().build();

  DnsController(ServiceDirectory directory, DnsProperties properties) {
    this.directory = directory;
    this.properties = properties;
  }

  @Operation(
      summary = "The zone as an RFC 1035 master file",
      description =
          "The services of the namespaces the caller may read, with the zone's SOA and NS and"
              + " the names of every member cluster's location")
  @GetMapping(
      path = "/zone",
      produces = {"text/dns", MediaType.TEXT_PLAIN_VALUE})
  String zone() {
    return ZoneFile.write(visibleZone());
  }

  @Operation(
      summary = "The service records as ExternalDNS DNSEndpoint objects (multi-document YAML)",
      description = "One object per service of the namespaces the caller may read")
  @GetMapping(path = "/endpoints", produces = MediaType.APPLICATION_YAML_VALUE)
  String endpoints(
      @Parameter(description = "the owner id the objects are written under")
          @RequestParam(required = false)
          String ownerId) {
    String owner = ownerId == null || ownerId.isBlank() ? properties.externalDnsOwner() : ownerId;
    List<Map<String, Object>> documents = ExternalDnsEndpoints.of(visibleZone(), owner);
    StringBuilder out = new StringBuilder();
    for (Map<String, Object> document : documents) {
      out.append(yaml.writeValueAsString(document));
    }
    return out.toString();
  }

  @Operation(
      summary = "The record feed",
      description =
          "Answers the records at once when their version differs from `since`, else when they"
              + " change or after `timeoutSeconds` (at most 30). Lists the services of the"
              + " namespaces the caller may read; the version is the whole directory's.")
  @GetMapping(path = "/records", produces = MediaType.APPLICATION_JSON_VALUE)
  Directory records(
      @RequestParam(defaultValue = "-1") long since,
      @RequestParam(defaultValue = "30") long timeoutSeconds)
      throws InterruptedException {
    long wait = Math.max(0, Math.min(timeoutSeconds, MAX_WAIT_SECONDS)) * 1000;
    // The version is the whole directory's: a confined follower may be woken by a change it
    // cannot see, and gets the same records under a newer version.
    return visible(directory.await(since, wait));
  }

  private Zone visibleZone() {
    Caller caller = Callers.current().orElse(null);
    return caller != null && caller.unscoped()
        ? directory.zone()
        : Zone.of(visible(directory.directory()));
  }

  /**
   * The directory with only the services of the namespaces the caller may read (none without a
   * caller: the access rules let no one here without one).
   */
  private static Directory visible(Directory all) {
    Caller caller = Callers.current().orElse(null);
    if (caller != null && caller.unscoped()) {
      return all;
    }
    return new Directory(
        all.version(),
        all.zone(),
        all.locations(),
        all.services().stream()
            .filter(service -> caller != null && caller.reaches(service.namespace()))
            .toList());
  }
}
