package io.cruster.benchmarks.peer;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One framework's side of the durable benchmarks (Cruster, DBOS Transact, a Restate service, raw
 * JDBC), driven by {@link PeerMain} in a process of its own. Every framework implements the same
 * three durable programs with its own API, and reports to the {@link Probe} from inside them:
 *
 * <ul>
 *   <li>the <b>flow</b> {@code (id, steps)}: {@code steps} durable steps one after the other, each
 *       returning a small string ({@link Probe#stepOutput}); after each step it calls {@link
 *       Probe#stepDone}, and at its end {@link Probe#finished}; it returns the last step's output.
 *   <li>the <b>nap</b> {@code (id, duration)}: {@link Probe#sleeping}, a durable sleep of {@code
 *       duration}, then {@link Probe#woke}.
 *   <li>the <b>tally</b> {@code (key, n)}: a one-way persisted message to the entity (or object, or
 *       workflow) {@code key}, whose handler records {@code n} durably and calls {@link
 *       Probe#handled}.
 * </ul>
 *
 * Every method but {@link #close()} is called from many client threads at once (virtual threads)
 * and must be thread-safe. A side that cannot do one of them throws {@link
 * UnsupportedOperationException}, and its cell of the table stays empty.
 */
public interface DurableApp extends AutoCloseable {

  /** Runs the flow {@code (id, steps)} to its end and returns its result; blocks meanwhile. */
  String runFlow(String id, int steps) throws Exception;

  /**
   * Starts the flow {@code (id, steps)} and returns as soon as the start is durable (a crash from
   * then on does not lose it), without waiting for it to run.
   */
  void startFlow(String id, int steps) throws Exception;

  /** Starts the nap {@code (id, duration)}; returns as soon as the start is durable. */
  void startNap(String id, Duration duration) throws Exception;

  /** Sends the tally {@code (key, n)}; returns as soon as it is durable. */
  void tally(String key, long n) throws Exception;

  /**
   * A whole batch of the notify workload done the framework's own way instead of {@code n} calls of
   * {@link #tally} (raw JDBC: batched inserts); empty to use {@link #tally}.
   */
  default java.util.Optional<Sample> tallyBatch(long n) throws Exception {
    return java.util.Optional.empty();
  }

  /**
   * Round trips to PostgreSQL so far in this process (see {@link CountingSocketFactory}), if this
   * side counts them.
   */
  default OptionalLong roundTrips() {
    return OptionalLong.empty();
  }

  /** Stops the framework (bounded). */
  @Override
  void close();
}
