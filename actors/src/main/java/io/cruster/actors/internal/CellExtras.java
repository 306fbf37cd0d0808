package io.cruster.actors.internal;

import io.cruster.actors.ActorRef;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The rarely used parts of a cell, allocated on first use so an idle leaf actor stays small:
 * children, death watch, timers, supervision, threads waiting for mailbox room, the anonymous-name
 * counter.
 *
 * <p>Children and room waiters are touched by other threads (spawns from outside, blocked senders)
 * and use concurrent collections; everything else belongs to the actor's own thread.
 */
final class CellExtras {
  final ConcurrentHashMap<String, ActorCell<?>> children = new ConcurrentHashMap<>(4);
  final ConcurrentLinkedQueue<Thread> roomWaiters = new ConcurrentLinkedQueue<>();

  /**
   * Actors this one watches, to the message to deliver (or {@link #SIGNAL} for a Terminated
   * signal).
   */
  Map<ActorCell<?>, Object> watching;

  /** Actors watching this one. */
  Set<ActorCell<?>> watchedBy;

  TimerSchedulerImpl<?> timers;
  Supervision supervision;
  Throwable failure;
  int anonymous;
  boolean waitingForChildren;

  /**
   * Tests only: run by the consumer in the middle of a settle, after the handled count is reset and
   * before the reservation count is lowered; null otherwise.
   */
  volatile Runnable settleHook;

  static final Object SIGNAL = new Object();

  Map<ActorCell<?>, Object> watching() {
    if (watching == null) {
      watching = new HashMap<>(4);
    }
    return watching;
  }

  Set<ActorCell<?>> watchedBy() {
    if (watchedBy == null) {
      watchedBy = new LinkedHashSet<>(4);
    }
    return watchedBy;
  }

  Supervision supervision() {
    if (supervision == null) {
      supervision = new Supervision();
    }
    return supervision;
  }

  static ActorCell<?> cellOf(ActorRef<?> ref) {
    if (ref instanceof ActorCell<?> c) {
      return c;
    }
    if (ref instanceof ActorSystemImpl<?> s) {
      return s.userGuardian();
    }
    throw new IllegalArgumentException("only actors can be watched or stopped, not " + ref.path());
  }
}
