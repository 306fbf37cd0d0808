package io.cruster.persistence.internal;

import io.cruster.persistence.spi.ExecutionListener;
import io.cruster.persistence.spi.ExecutionStore;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one storage's {@link ExecutionStore#subscribe}, and the calls to them: each is
 * called in turn, and one that throws is logged and skipped. Thread-safe (a copy-on-write list:
 * subscriptions are rare, notifications frequent); callers decide on which thread notifications
 * run.
 */
public final class ExecutionListeners {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionListeners.class);
  private final CopyOnWriteArrayList<ExecutionListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds {@code listener} until the returned subscription is closed. */
  public ExecutionStore.Subscription add(ExecutionListener listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Whether anyone listens. */
  public boolean isEmpty() {
    return listeners.isEmpty();
  }

  public void ended(String executionId) {
    for (ExecutionListener l : listeners) {
      try {
        l.ended(executionId);
      } catch (RuntimeException e) {
        LOG.warn("execution listener {} failed on the end of {}", l, executionId, e);
      }
    }
  }

  public void cancelRequested(String executionId) {
    for (ExecutionListener l : listeners) {
      try {
        l.cancelRequested(executionId);
      } catch (RuntimeException e) {
        LOG.warn("execution listener {} failed on the cancellation of {}", l, executionId, e);
      }
    }
  }

  public void missed() {
    for (ExecutionListener l : listeners) {
      try {
        l.missed();
      } catch (RuntimeException e) {
        LOG.warn("execution listener {} failed on missed notifications", l, e);
      }
    }
  }
}
