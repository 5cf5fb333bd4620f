package io.ubernetes.federation.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a taint does to workloads that do not tolerate it. */
public enum TaintEffect {
  /** Never place there. */
  @JsonProperty("NoSchedule")
  NO_SCHEDULE,
  /** Place there only if nothing else fits; a cost, not a rule. */
  @JsonProperty("PreferNoSchedule")
  PREFER_NO_SCHEDULE,
  /** Never place there, and move away what is already there. */
  @JsonProperty("NoExecute")
  NO_EXECUTE
}
