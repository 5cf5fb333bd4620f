package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.FailureLog;
import io.ubernetes.agent.state.DesiredStateStore;
import org.slf4j.LoggerFactory;

/** Mirrors {@link DesiredState} to the state ConfigMap whenever it changed. */
final class StatePersister {
  private final DesiredState desired;
  private final DesiredStateStore store;
  private final FailureLog failures =
      new FailureLog(LoggerFactory.getLogger(StatePersister.class), "Storing the desired state");
  private long savedVersion = -1;

  StatePersister(DesiredState desired, DesiredStateStore store) {
    this.desired = desired;
    this.store = store;
  }

  /** The state as restored is the state as stored. */
  synchronized void markSaved(long version) {
    savedVersion = version;
  }

  /** Returns whether the stored copy is up to date; failures are logged and tried again later. */
  synchronized boolean saveIfChanged() {
    long version = desired.version();
    if (version == savedVersion) {
      return true;
    }
    try {
      store.save(desired.snapshot());
      savedVersion = version;
      failures.succeeded();
      return true;
    } catch (KubernetesClientException e) {
      failures.failed(e);
      return false;
    }
  }
}
