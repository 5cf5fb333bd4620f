package io.ubernetes.agent.sync;

/** How the agent writes objects to its member cluster. */
public enum ApplyMode {
  /** Server-side apply, field manager {@code ubernetes}, conflicts forced: for real clusters. */
  SERVER_SIDE,
  /** Get, then create or update with the current resourceVersion: for API servers without SSA. */
  UPDATE
}
