package io.cruster.persistence;

import io.cruster.persistence.internal.InMemoryStorage;
import io.cruster.persistence.spi.Storage;
import java.time.Clock;
import java.util.Objects;

/** Factories of {@link Storage} implementations. Thread-safe; each call returns a new, independent one. */
public final class Storages {

  private Storages() {}

  /**
   * A fresh, empty storage held in this JVM's memory, using the system UTC clock. Nothing survives the JVM;
   * meant for tests and the test cluster. The storage is thread-safe; its writes are durable as soon as they
   * return (for as long as the JVM lives). Never blocks.
   */
  public static Storage inMemory() {
    return inMemory(Clock.systemUTC());
  }

  /**
   * A fresh, empty in-memory storage that reads {@code clock} whenever it needs the current time (callers
   * pass most times explicitly). Never blocks.
   */
  public static Storage inMemory(Clock clock) {
    return new InMemoryStorage(Objects.requireNonNull(clock, "clock"));
  }
}
