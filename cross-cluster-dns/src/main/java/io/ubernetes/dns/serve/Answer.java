package io.ubernetes.dns.serve;

/**
 * A precomputed answer to one question: its response code, section counts, and the sections in wire
 * format, compressed against the question's name.
 */
record Answer(int rcode, int answers, int authorities, int additionals, byte[] body) {
  static final int NOERROR = 0;
  static final int FORMERR = 1;
  static final int SERVFAIL = 2;
  static final int NXDOMAIN = 3;
  static final int NOTIMP = 4;
  static final int REFUSED = 5;
  static final int BADVERS = 16;
}
