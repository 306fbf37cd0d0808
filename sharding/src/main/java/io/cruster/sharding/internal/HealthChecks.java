package io.cruster.sharding.internal;

import io.cruster.persistence.spi.Storage;
import io.cruster.sharding.Health.Check;
import io.cruster.sharding.Health.Status;

/** The checks every node shares: the node's own state and its storage. Stateless. */
public final class HealthChecks {
  private static final String PROBE = "cruster-health-probe";

  private HealthChecks() {}

  /** Whether the node is closed, or not started yet. */
  public static Check node(EntityRuntime runtime, boolean started) {
    if (runtime.isClosed()) {
      return new Check("node", Status.DOWN, "closed");
    }
    return started
        ? new Check("node", Status.UP, "serving as " + runtime.runner())
        : new Check("node", Status.DOWN, "not started");
  }

  /** One read of storage (a request id that never exists): DOWN when it fails. Blocks. */
  public static Check storage(Storage storage) {
    long start = System.nanoTime();
    try {
      storage.messages().find(PROBE);
      return new Check(
          "storage", Status.UP, "answered in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    } catch (RuntimeException e) {
      return new Check("storage", Status.DOWN, "unreachable: " + e.getMessage());
    }
  }

  /** Shards held vs assigned: DEGRADED while they differ (being acquired or handed over). */
  public static Check shards(int held, int assigned) {
    String detail = "holds " + held + " of " + assigned + " assigned shards";
    return new Check("shards", held == assigned ? Status.UP : Status.DEGRADED, detail);
  }
}
