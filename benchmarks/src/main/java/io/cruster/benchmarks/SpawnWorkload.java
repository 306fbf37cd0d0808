package io.cruster.benchmarks;

import io.cruster.benchmarks.peer.Workload;

/**
 * A spawn-rate workload ({@code run(n)} times spawning {@code n} children of a fresh parent, then
 * stops the parent untimed) that can also leave actors alive for the idle-heap measurement.
 */
interface SpawnWorkload extends Workload {

  /**
   * Spawns {@code n} children of one long-lived parent, all with one shared receive behavior, sends
   * each one message and waits until all have handled it, so every child has started and gone idle
   * again.
   */
  void holdIdle(long n) throws Exception;
}
