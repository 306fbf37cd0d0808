package io.cruster.sharding;

import java.time.Duration;

/** What a singleton's body sees. Thread-safe. */
public interface SingletonContext {

  /** Whether the singleton should keep running; false once its node stops or hands it over. */
  boolean isActive();

  /** Sleeps up to {@code duration}, returning early (false) when the singleton is deactivated. */
  boolean sleep(Duration duration);

  /** The cluster's current time (the manual clock in a {@code TestCluster}). Never blocks. */
  java.time.Instant now();
}
