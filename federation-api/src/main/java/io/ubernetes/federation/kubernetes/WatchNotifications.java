package io.ubernetes.federation.kubernetes;

import io.ubernetes.federation.database.PostgresNotifications;
import io.ubernetes.federation.resource.ResourceWatches;
import org.springframework.stereotype.Component;

/**
 * Tells this replica's watches when changes were committed, by whichever replica: PostgreSQL
 * notifies on {@link ResourceWatches#CHANNEL} with each committing change. Missed notifications
 * (while not listening) cost latency only: the watches also poll the event log every second.
 */
@Component
class WatchNotifications implements PostgresNotifications.Subscriber {
  private final ResourceWatches watches;

  WatchNotifications(PostgresNotifications notifications, ResourceWatches watches) {
    this.watches = watches;
    notifications.subscribe(ResourceWatches.CHANNEL, this);
  }

  @Override
  public void listening() {
    watches.changesCommitted();
  }

  @Override
  public void notified(String payload) {
    watches.changesCommitted();
  }

  @Override
  public void stopped() {
    // The watches poll meanwhile.
  }
}
