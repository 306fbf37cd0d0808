package io.cruster.actors;

import java.util.function.Consumer;

/**
 * The system's dead letter office: every undelivered message is counted, logged at DEBUG (the first
 * ones and then every 1000th at INFO), and passed to subscribers. Thread-safe.
 */
public interface DeadLetters {

  /** How many dead letters this system has seen. */
  long count();

  /**
   * Calls {@code listener} for each later dead letter, on the thread that produced it; it must be
   * quick and thread-safe. Closing the returned handle unsubscribes.
   */
  AutoCloseable subscribe(Consumer<? super DeadLetter> listener);
}
