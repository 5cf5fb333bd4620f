package io.ubernetes.discovery;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.ubernetes.dns.records.Directory;
import io.ubernetes.dns.records.ExternalDnsEndpoints;
import io.ubernetes.dns.records.ZoneFile;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The federation's DNS records for other DNS servers: a zone file, ExternalDNS objects, a feed. */
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

  @Operation(summary = "The zone as an RFC 1035 master file")
  @GetMapping(
      path = "/zone",
      produces = {"text/dns", MediaType.TEXT_PLAIN_VALUE})
  String zone() {
    return ZoneFile.write(directory.zone());
  }

  @Operation(
      summary = "The service records as ExternalDNS DNSEndpoint objects (multi-document YAML)")
  @GetMapping(path = "/endpoints", produces = MediaType.APPLICATION_YAML_VALUE)
  String endpoints(
      @Parameter(description = "the owner id the objects are written under")
          @RequestParam(required = false)
          String ownerId) {
    String owner = ownerId == null || ownerId.isBlank() ? properties.externalDnsOwner() : ownerId;
    List<Map<String, Object>> documents = ExternalDnsEndpoints.of(directory.zone(), owner);
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
              + " change or after `timeoutSeconds` (at most 30)")
  @GetMapping(path = "/records", produces = MediaType.APPLICATION_JSON_VALUE)
  Directory records(
      @RequestParam(defaultValue = "-1") long since,
      @RequestParam(defaultValue = "30") long timeoutSeconds)
      throws InterruptedException {
    long wait = Math.max(0, Math.min(timeoutSeconds, MAX_WAIT_SECONDS)) * 1000;
    return directory.await(since, wait);
  }
}
