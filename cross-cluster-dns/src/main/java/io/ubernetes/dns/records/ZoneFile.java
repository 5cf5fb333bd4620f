package io.ubernetes.dns.records;

/** A zone as an RFC 1035 master file, for DNS servers that load one. */
public final class ZoneFile {
  private ZoneFile() {}

  public static String write(Zone zone) {
    StringBuilder out = new StringBuilder();
    out.append("; Federation ")
        .append(zone.config().federation())
        .append(", serial ")
        .append(zone.serial())
        .append('\n');
    out.append("$ORIGIN ").append(zone.config().domain()).append(".\n");
    out.append("$TTL ").append(zone.config().ttls().wide()).append('\n');
    for (ResourceRecord record : zone.records()) {
      out.append(record.presentation()).append('\n');
    }
    return out.toString();
  }
}
