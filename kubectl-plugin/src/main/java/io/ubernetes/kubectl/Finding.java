package io.ubernetes.kubectl;

/**
 * What one check of {@code doctor} found.
 *
 * @param check what was checked: {@code service}, {@code clock}, {@code cluster}, {@code tls},
 *     {@code token}, {@code dns}, {@code workload}
 * @param status OK, WARN (worth a look, the federation works) or FAIL (something does not work)
 * @param message what is so, naming the thing
 * @param action what to do about it: a command or a setting; absent when OK
 */
record Finding(String check, Status status, String message, String action) {
  enum Status {
    OK,
    WARN,
    FAIL
  }

  static Finding ok(String check, String message) {
    return new Finding(check, Status.OK, message, null);
  }

  static Finding warn(String check, String message, String action) {
    return new Finding(check, Status.WARN, message, action);
  }

  static Finding fail(String check, String message, String action) {
    return new Finding(check, Status.FAIL, message, action);
  }
}
