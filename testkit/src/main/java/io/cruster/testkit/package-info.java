/**
 * Testing tools: {@link io.cruster.testkit.ActorTestKit} and {@link io.cruster.testkit.TestProbe}
 * for actors, {@link io.cruster.testkit.ManualClock} to drive timers without waiting, and {@link
 * io.cruster.testkit.TestServices} to find the PostgreSQL and etcd that {@code scripts/services}
 * started.
 */
package io.cruster.testkit;
