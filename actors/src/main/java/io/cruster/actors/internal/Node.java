package io.cruster.actors.internal;

/**
 * A mailbox entry: producers push nodes onto a lock-free stack; the consumer reverses a grabbed
 * stack.
 */
final class Node {
  final Object message;
  Node next;

  Node(Object message) {
    this.message = message;
  }

  /** Reverses a stack into arrival order. */
  static Node reverse(Node head) {
    Node prev = null;
    while (head != null) {
      Node next = head.next;
      head.next = prev;
      prev = head;
      head = next;
    }
    return prev;
  }
}
