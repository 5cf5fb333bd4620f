package io.ubernetes.dns;

import io.ubernetes.dns.records.Directory;
import java.util.function.Consumer;

/** Where the standalone server gets its records from. */
interface RecordSource extends AutoCloseable {

  /** The records to start with; waits until there are some. */
  Directory first() throws InterruptedException;

  /** From now on, hands every new version of the records to {@code updates}, on its own thread. */
  void follow(Consumer<Directory> updates);

  @Override
  void close();
}
