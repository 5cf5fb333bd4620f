package io.ubernetes.sandbox;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A sandbox that cannot start as asked says what is wrong and what to do, not a stack trace. */
class SandboxSetupFailureAnalyzer extends AbstractFailureAnalyzer<SandboxSetupException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SandboxSetupException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
