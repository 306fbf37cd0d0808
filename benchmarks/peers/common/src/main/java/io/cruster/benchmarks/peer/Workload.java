package io.cruster.benchmarks.peer;

/**
 * One framework's side of a scenario. It owns its actor system from creation to {@link #close()},
 * and is driven from one platform thread (the harness's), never concurrently.
 */
public interface Workload extends AutoCloseable {

  /**
   * Runs one batch of size {@code n} (the unit is the scenario's: bounces per pair, rounds,
   * messages per actor, asks, actors) and blocks until it completes; every wait is bounded and a
   * batch that does not finish in time throws {@link ScenarioFailedException}.
   */
  Sample run(long n) throws Exception;

  /** Terminates the actor system and waits, bounded, until it has stopped. */
  @Override
  void close();
}
