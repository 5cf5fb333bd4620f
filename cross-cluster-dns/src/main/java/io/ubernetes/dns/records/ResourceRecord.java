package io.ubernetes.dns.records;

/** One record: an owner name (lower case, without the final dot), a TTL in seconds and its data. */
public record ResourceRecord(String name, int ttl, RData data) {

  /** The record as a zone file line. */
  public String presentation() {
    return name + ". " + ttl + " IN " + data.type() + " " + data.presentation();
  }
}
