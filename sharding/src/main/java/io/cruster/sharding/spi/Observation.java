package io.cruster.sharding.spi;

import java.util.Map;

/**
 * One timed, possibly traced piece of work that an {@link Instrumentation} started: a call, a hop,
 * a handler, a workflow step, a commit. The runtime ends each observation exactly once, on any
 * thread, and calls {@link #makeCurrent()} and {@link #inject} only between its start and its end.
 * Implementations must be thread-safe and must not throw.
 */
public interface Observation {
  /** An observation that records nothing: what an uninstrumented node uses, never allocated. */
  Observation NONE = new Observation() {};

  /**
   * Makes this observation the current one on the calling thread (the parent of observations
   * started there with an empty parent context; for a tracer also the {@code trace_id} and {@code
   * span_id} of log lines) until the returned scope is closed, on the same thread. Never blocks.
   */
  default Scope makeCurrent() {
    return Scope.NONE;
  }

  /**
   * Writes this observation's context into {@code carrier} as propagation fields (W3C {@code
   * traceparent} and {@code tracestate} for a tracer), so that work started elsewhere from the
   * carrier continues it. Never blocks.
   */
  default void inject(Map<String, String> carrier) {}

  /**
   * Ends the observation. Never blocks.
   *
   * @param error the failure it ended with, or null when it succeeded
   */
  default void end(Throwable error) {}

  /** What {@link #makeCurrent()} returns: closing it restores what was current before. */
  interface Scope extends AutoCloseable {
    /** A scope that restores nothing. */
    Scope NONE = () -> {};

    /** Restores what was current before; on the thread that opened the scope. Never throws. */
    @Override
    void close();
  }
}
