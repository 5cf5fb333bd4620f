package io.ubernetes.kubectl;

import java.util.List;

/**
 * What {@code doctor} found, check by check.
 *
 * @param status the worst of the findings: FAIL when anything does not work, WARN when something is
 *     worth a look, else OK
 */
record Diagnosis(Finding.Status status, List<Finding> findings) {
  Diagnosis {
    findings = List.copyOf(findings);
  }

  static Diagnosis of(List<Finding> findings) {
    Finding.Status worst = Finding.Status.OK;
    for (Finding finding : findings) {
      if (finding.status().compareTo(worst) > 0) {
        worst = finding.status();
      }
    }
    return new Diagnosis(worst, findings);
  }

  /** A table of the findings, then what to do about each that is not OK. */
  String text() {
    Table table = new Table("STATUS", "CHECK", "FINDING");
    findings.forEach(f -> table.row(f.status(), f.check(), f.message()));
    StringBuilder text = new StringBuilder(table.toString());
    List<Finding> actions = findings.stream().filter(f -> f.action() != null).toList();
    if (!actions.isEmpty()) {
      text.append("\nWhat to do:\n");
      for (Finding finding : actions) {
        text.append("  ")
            .append(finding.check())
            .append(": ")
            .append(finding.action())
            .append('\n');
      }
    }
    long failed = findings.stream().filter(f -> f.status() == Finding.Status.FAIL).count();
    long warned = findings.stream().filter(f -> f.status() == Finding.Status.WARN).count();
    text.append('\n')
        .append(
            status == Finding.Status.OK
                ? "All " + findings.size() + " checks OK."
                : failed + " failed, " + warned + " warnings, of " + findings.size() + " checks.")
        .append('\n');
    return text.toString();
  }
}
