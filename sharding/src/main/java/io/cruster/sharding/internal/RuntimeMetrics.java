package io.cruster.sharding.internal;

import io.cruster.sharding.spi.MetricsListener;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a runtime's {@link MetricsListener} events go. A failing listener is logged, never
 * propagated; with no listener nothing is measured. Thread-safe.
 */
final class RuntimeMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeMetrics.class);
  private volatile MetricsListener listener = MetricsListener.NONE;

  void listener(MetricsListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** Calls {@code event} on the listener. */
  void notify(Consumer<MetricsListener> event) {
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("metrics listener failed", e);
    }
  }

  /** Reports {@code call} to the listener when it completes. */
  CompletableFuture<Object> measured(
      String entityType, String tag, boolean remote, CompletableFuture<Object> call) {
    MetricsListener m = listener;
    if (m == MetricsListener.NONE) {
      return call;
    }
    long start = System.nanoTime();
    call.whenComplete(
        (v, e) ->
            notify(
                l ->
                    l.callCompleted(
                        entityType, tag, remote, System.nanoTime() - start, e != null)));
    return call;
  }

  boolean enabled() {
    return listener != MetricsListener.NONE;
  }
}
