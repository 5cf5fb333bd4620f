package io.ubernetes.kubectl;

/**
 * How far two clocks may drift apart. Certificates, tokens and JWTs are checked against the
 * reader's clock; Spring Security accepts a JWT up to 60 s outside its validity, so above a minute
 * things start to fail, while a few seconds are only network delay and the one-second resolution of
 * an HTTP {@code Date} header.
 */
final class ClockSkew {
  static final long TOLERATED_SECONDS = 5;
  static final long FAILING_SECONDS = 60;

  private ClockSkew() {}

  /**
   * A finding about a clock {@code seconds} ahead of the service's (behind when negative).
   *
   * @param whose e.g. {@code this machine's clock}
   */
  static Finding judge(String check, String whose, long seconds, String action) {
    long off = Math.abs(seconds);
    if (off <= TOLERATED_SECONDS) {
      return Finding.ok(check, whose + " is within " + TOLERATED_SECONDS + "s of the service's");
    }
    String message =
        whose + " is " + off + "s" + (seconds > 0 ? " ahead of" : " behind") + " the service's";
    return off > FAILING_SECONDS
        ? Finding.fail(check, message, action)
        : Finding.warn(check, message, action);
  }
}
