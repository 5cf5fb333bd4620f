package io.ubernetes.federation.workload;

import io.ubernetes.agent.protocol.ObjectStatus;
import java.util.List;

/**
 * Judges the objects clusters report, as they are read: the operators' health rules, applied where
 * every reader of reports (status, conditions, rollouts) gets them.
 */
public interface ObjectJudge {
  /** The objects, each with the health the rules give it; in the same order. */
  List<ObjectStatus> judge(List<ObjectStatus> objects);
}
