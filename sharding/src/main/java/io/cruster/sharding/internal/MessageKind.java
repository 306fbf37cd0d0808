package io.cruster.sharding.internal;

/** How the runtime runs a message, from the kind interface its record implements. */
public enum MessageKind {
  RPC,
  ACTIVITY,
  WORKFLOW,
  STREAM;

  /**
   * Whether calls of this kind are saved before they run (durable requests with stored replies).
   */
  boolean durable() {
    return this == ACTIVITY || this == WORKFLOW;
  }
}
