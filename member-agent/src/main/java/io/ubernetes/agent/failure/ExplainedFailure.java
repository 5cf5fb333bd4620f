package io.ubernetes.agent.failure;

/** A failure whose message says why already, in plain words: {@link FailureReason} keeps it. */
public interface ExplainedFailure {}
