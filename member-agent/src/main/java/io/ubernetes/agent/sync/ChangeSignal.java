package io.ubernetes.agent.sync;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** "Something a status report shows may have changed": raised by many, awaited by one. */
public final class ChangeSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition raisedCondition = lock.newCondition();
  private boolean raised;

  public void raise() {
    lock.lock();
    try {
      raised = true;
      raisedCondition.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until raised or the timeout passes; returns whether it was raised, and lowers it. */
  public boolean await(Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long left = timeout.toNanos();
      while (!raised) {
        if (left <= 0) {
          return false;
        }
        left = raisedCondition.awaitNanos(left);
      }
      raised = false;
      return true;
    } finally {
      lock.unlock();
    }
  }
}
