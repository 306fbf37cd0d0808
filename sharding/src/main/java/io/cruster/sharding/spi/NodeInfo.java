package io.cruster.sharding.spi;

import java.util.Map;

/**
 * What an {@link Instrumentation} may read from the node it is bound to, for gauges and span
 * attributes. Each method reads current values without blocking; thread-safe.
 */
public interface NodeInfo {
  /**
   * The runner's name: its address in a sharded cluster, its name on a single node. Stable while
   * the node runs.
   */
  String runner();

  /** Entities in memory now, by entity type (bounded by the registered types). */
  Map<String, Integer> liveEntities();

  /** Deliveries queued at the entities of this node: the depth of their mailboxes, summed. */
  long mailboxDepth();

  /** Durable requests saved and being dispatched or run here now. */
  int requestsInFlight();

  /** Workflow executions running (or waiting) on this node now. */
  int workflowsRunning();

  /** Shards this node serves now. */
  int servedShards();

  /** Calls to other runners sent from this node and not yet answered (0 on a single node). */
  int transportInFlight();
}
