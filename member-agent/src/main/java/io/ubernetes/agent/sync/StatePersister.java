package io.ubernetes.agent.sync;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ubernetes.agent.federation.FailureLog;
import io.ubernetes.agent.state.DesiredStateStore;
import io.ubernetes.agent.state.StoredState;
import org.slf4j.LoggerFactory;

/** Mirrors {@link DesiredState} to the state ConfigMap whenever it changed. */
final class StatePersister {
  private final DesiredState desired;
  private final DesiredStateStore store;
  private final FailureLog failures;
  private long savedVersion = -1;
  private volatile long savedRevision;

  StatePersister(DesiredState desired, DesiredStateStore store) {
    this.desired = desired;
    this.store = store;
    this.failures =
        new FailureLog(
            LoggerFactory.getLogger(StatePersister.class),
            "Storing the desired state",
            store.apiServer());
  }

  /** The state as restored is the state as stored. */
  synchronized void markSaved(long version) {
    savedVersion = version;
    savedRevision = desired.revision();
  }

  /** The work feed revision of the state last stored: what the federation may forget. */
  long savedRevision() {
    return savedRevision;
  }

  /** Returns whether the stored copy is up to date; failures are logged and tried again later. */
  synchronized boolean saveIfChanged() {
    long version = desired.version();
    if (version == savedVersion) {
      return true;
    }
    try {
      StoredState snapshot = desired.snapshot();
      store.save(snapshot);
      savedVersion = version;
      savedRevision = snapshot.revision();
      failures.succeeded();
      return true;
    } catch (KubernetesClientException e) {
      failures.failed(e);
      return false;
    }
  }
}
