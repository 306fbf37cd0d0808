/**
 * Side-by-side benchmarks of Cruster against its peers, run as plain Java programs (no JMH: the scenarios
 * are whole-system throughput and latency figures, timed around blocking waits on the actor systems).
 *
 * <p>{@link io.cruster.benchmarks.ActorBenchmarks} is the actor harness. Each scenario is a pair of small
 * classes, {@code XCruster} and {@code XPekko}, written to the same shape so they can be read side by side;
 * each implements {@code Workload} on its own actor system. {@code Harness} warms up, calibrates and times
 * them; {@code IdleHeap} is the forked JVM that measures heap per idle actor.
 */
package io.cruster.benchmarks;
