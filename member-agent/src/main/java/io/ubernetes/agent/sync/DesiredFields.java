package io.ubernetes.agent.sync;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a live object already has every field a manifest sets ("desired is a subset of live").
 * Fields the API server or controllers add (defaults, status, other managers' labels) do not count
 * as drift, so the agent neither fights them nor re-applies after its own writes.
 */
final class DesiredFields {
  private DesiredFields() {}

  static boolean presentIn(Object desired, Object live) {
    if (desired instanceof Map<?, ?> desiredMap) {
      if (!(live instanceof Map<?, ?> liveMap)) {
        return false;
      }
      for (Map.Entry<?, ?> field : desiredMap.entrySet()) {
        Object desiredValue = field.getValue();
        Object liveValue = liveMap.get(field.getKey());
        if (desiredValue == null) {
          continue;
        }
        if (!presentIn(desiredValue, liveValue) && !emptyMatchesAbsent(desiredValue, liveValue)) {
          return false;
        }
      }
      return true;
    }
    if (desired instanceof List<?> desiredList) {
      if (!(live instanceof List<?> liveList) || liveList.size() != desiredList.size()) {
        return false;
      }
      for (int i = 0; i < desiredList.size(); i++) {
        if (!presentIn(desiredList.get(i), liveList.get(i))) {
          return false;
        }
      }
      return true;
    }
    return scalarEquals(desired, live);
  }

  /** An empty list or map in a manifest and a field the server omits mean the same. */
  private static boolean emptyMatchesAbsent(Object desired, Object live) {
    boolean empty =
        desired instanceof Map<?, ?> m && m.isEmpty()
            || desired instanceof List<?> l && l.isEmpty();
    return empty && live == null;
  }

  /** 3, 3.0 and "3" are the same number: quantities and int-or-strings come back either way. */
  private static boolean scalarEquals(Object desired, Object live) {
    if (Objects.equals(desired, live)) {
      return true;
    }
    if (desired == null || live == null || desired instanceof Boolean || live instanceof Boolean) {
      return false;
    }
    if (!(desired instanceof Number) && !(live instanceof Number)) {
      return false;
    }
    try {
      return new BigDecimal(desired.toString()).compareTo(new BigDecimal(live.toString())) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
