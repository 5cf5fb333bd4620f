package io.ubernetes.dns.serve;

import java.util.concurrent.atomic.LongAdder;

/** What the server answered, counted by response code, for metrics and benchmarks. */
public final class Stats {
  private final LongAdder[] byRcode = new LongAdder[24];
  private final LongAdder truncated = new LongAdder();
  private final LongAdder dropped = new LongAdder();

  Stats() {
    for (int i = 0; i < byRcode.length; i++) {
      byRcode[i] = new LongAdder();
    }
  }

  void answered(int rcode) {
    byRcode[rcode].increment();
  }

  void countTruncated() {
    truncated.increment();
  }

  void countDropped() {
    dropped.increment();
  }

  public long answered(String rcode) {
    return byRcode[code(rcode)].sum();
  }

  /** Every response sent. */
  public long responses() {
    long total = 0;
    for (LongAdder adder : byRcode) {
      total += adder.sum();
    }
    return total;
  }

  /** Responses over UDP that did not fit and were sent with the TC bit. */
  public long truncated() {
    return truncated.sum();
  }

  /** Packets that got no response: too short to carry an id, or responses themselves. */
  public long dropped() {
    return dropped.sum();
  }

  private static int code(String rcode) {
    return switch (rcode) {
      case "NOERROR" -> Answer.NOERROR;
      case "FORMERR" -> Answer.FORMERR;
      case "SERVFAIL" -> Answer.SERVFAIL;
      case "NXDOMAIN" -> Answer.NXDOMAIN;
      case "NOTIMP" -> Answer.NOTIMP;
      case "REFUSED" -> Answer.REFUSED;
      case "BADVERS" -> Answer.BADVERS;
      default -> throw new IllegalArgumentException("unknown response code " + rcode);
    };
  }
}
