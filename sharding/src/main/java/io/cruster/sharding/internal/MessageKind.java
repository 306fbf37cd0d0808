package io.cruster.sharding.internal;

/** How the runtime runs a message, from the kind interface its record implements. */
public enum MessageKind {
  RPC("rpc"),
  ACTIVITY("activity"),
  WORKFLOW("workflow"),
  STREAM("stream");

  private final String label;

  MessageKind(String label) {
    this.label = label;
  }

  /** The kind in lower case, as spans and metrics name it. */
  String label() {
    return label;
  }

  /**
   * Whether calls of this kind are saved before they run (durable requests with stored replies).
   */
  boolean durable() {
    return this == ACTIVITY || this == WORKFLOW;
  }
}
