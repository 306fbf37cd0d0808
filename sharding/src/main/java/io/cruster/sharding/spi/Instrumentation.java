package io.cruster.sharding.spi;

import java.util.Map;

/**
 * What a cluster node reports about its work, for tracing, metrics and tests: {@code
 * CrusterOpenTelemetry.create(openTelemetry)} (module cruster-opentelemetry) and {@code
 * CrusterMicrometer.create(meterRegistry)} (module cruster-micrometer) implement it, and a node
 * takes any number of them ({@code .instrumentation(...)} on {@code TestCluster.builder()}, {@code
 * SingleRunner.builder()} and {@code Sharding.builder(config)}).
 *
 * <p>Each {@code Observation}-returning method starts a piece of work that the node ends exactly
 * once; the others are events. Every method has a default that records nothing, so an
 * implementation overrides what it records. A node with no instrumentation calls none of them on
 * its hot paths but through the shared {@link #NONE}, which allocates nothing.
 *
 * <p>Parents: a method taking {@code parent} continues the context written by {@link
 * Observation#inject} (W3C {@code traceparent}, carried in the wire envelope and in the stored
 * request), or, when {@code parent} is empty, what is current on the calling thread ({@link
 * Observation#makeCurrent()}); the others always start under what is current. Tag values handed
 * here are bounded (entity types, message tags, kinds) except {@code entityId}, {@code requestId}
 * and {@code executionId}: never use those as metric tags.
 *
 * <p>Called synchronously on the node's threads (callers, entity actors, workflow threads,
 * transport threads): keep each call short, never block, never throw. Implementations must be
 * thread-safe.
 */
public interface Instrumentation {
  /** Records nothing. */
  Instrumentation NONE = new Instrumentation() {};

  /**
   * Binds this instrumentation to a node when the node is built, returning what the node calls from
   * then on (this one by default). Register gauges here; one instrumentation may be bound to
   * several nodes of one JVM.
   */
  default Instrumentation bind(NodeInfo node) {
    return this;
  }

  // ---- work that takes time: spans and timers

  /**
   * A client call (call, callAsync, notify, scheduled or retried) begins on the caller's thread,
   * under its current context; ended when its reply (or failure) arrives, or at once for a notify.
   *
   * @param kind {@code rpc}, {@code activity}, {@code workflow} or {@code stream}
   * @param remote whether another runner serves the entity now
   */
  default Observation call(
      String entityType, String entityId, String tag, String kind, boolean remote) {
    return Observation.NONE;
  }

  /**
   * A call sent to another runner (the client side of a hop); its context travels in the wire
   * envelope.
   *
   * @param peer the runner it is sent to, {@code host:port}
   */
  default Observation remoteCall(
      String entityType, String entityId, String tag, String peer, Map<String, String> parent) {
    return Observation.NONE;
  }

  /** A call received from another runner (the server side of a hop). */
  default Observation remoteServe(
      String entityType, String entityId, String tag, Map<String, String> parent) {
    return Observation.NONE;
  }

  /**
   * A handler of an rpc, stream rpc or activity runs on its entity; current on the handler's thread
   * while it runs.
   *
   * @param requestId the durable request's id; empty for an rpc
   */
  default Observation handle(
      String entityType,
      String entityId,
      String tag,
      String kind,
      String requestId,
      Map<String, String> parent) {
    return Observation.NONE;
  }

  /**
   * A workflow execution starts or resumes (after a restart, a crash or on another runner: its
   * parent is the context stored with its request); current on its thread.
   */
  default Observation workflow(
      String entityType,
      String entityId,
      String tag,
      String executionId,
      Map<String, String> parent) {
    return Observation.NONE;
  }

  /**
   * A workflow step that is not replayed from the journal runs: an activity, a call, a sleep, an
   * await or a side effect; on the workflow's thread, under the workflow.
   *
   * @param stepKind {@code activity}, {@code call}, {@code sleep}, {@code await} or {@code
   *     side_effect}
   */
  default Observation step(
      String entityType,
      String entityId,
      String executionId,
      int step,
      String stepKind,
      String tag) {
    return Observation.NONE;
  }

  /** An activity's state, reply or journal entry is committed to storage, under its handler. */
  default Observation commit(String entityType, String entityId, String tag) {
    return Observation.NONE;
  }

  /** A singleton starts running on this node (ended when it returns or is stopped). */
  default Observation singleton(String name) {
    return Observation.NONE;
  }

  /** This node takes the locks of {@code shards} shards. */
  default Observation shardAcquisition(int shards) {
    return Observation.NONE;
  }

  /** This node hands {@code shards} shards over to their next owners. */
  default Observation handOver(int shards) {
    return Observation.NONE;
  }

  // ---- events

  /** Storage wrote a group commit of {@code writes} writes in one transaction. */
  default void groupCommitted(int writes, long nanos, boolean failed) {}

  /** An entity was loaded into memory here (on its actor, after its state was read). */
  default void entityActivated(String entityType, String entityId) {}

  /** An entity left memory here (passivated, its shard handed over). */
  default void entityPassivated(String entityType, String entityId) {}

  /** A durable request's delivery failed for a reason other than its handler; it is retried. */
  default void deliveryFailed(String entityType, String tag) {}

  /** A durable request was dead-lettered. */
  default void deadLettered(String entityType, String tag) {}

  /**
   * A workflow execution ended here.
   *
   * @param status {@code completed}, {@code failed} (for good), {@code cancelled} (it ended after a
   *     cancellation) or {@code stopped} (its shard moved or the node closed; it continues
   *     elsewhere)
   */
  default void workflowEnded(String entityType, String tag, String status) {}

  /** This node started serving {@code acquired} shards and stopped serving {@code released}. */
  default void shardsMoved(int acquired, int released) {}

  /** A connection to another runner was dialled again after it had been lost or closed. */
  default void transportReconnected() {}

  /** A storage poll of this node's shards found {@code requests} due requests. */
  default void storagePolled(int requests) {}
}
