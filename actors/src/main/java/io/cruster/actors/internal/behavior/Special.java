package io.cruster.actors.internal.behavior;

import io.cruster.actors.Behavior;

/**
 * The behaviors without handlers: the directives {@code same}, {@code unhandled} and {@code
 * stopped} that a handler returns, and the message sinks {@code empty} (everything unhandled) and
 * {@code ignore} (everything dropped). Singletons.
 */
public final class Special<T> implements Behavior<T> {
  /** What the interpreter does with this behavior. */
  public enum Kind {
    SAME,
    UNHANDLED,
    STOPPED,
    EMPTY,
    IGNORE
  }

  private static final Special<?> SAME = new Special<>(Kind.SAME);
  private static final Special<?> UNHANDLED = new Special<>(Kind.UNHANDLED);
  private static final Special<?> STOPPED = new Special<>(Kind.STOPPED);
  private static final Special<?> EMPTY = new Special<>(Kind.EMPTY);
  private static final Special<?> IGNORE = new Special<>(Kind.IGNORE);

  public final Kind kind;

  private Special(Kind kind) {
    this.kind = kind;
  }

  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> same() {
    return (Behavior<T>) SAME;
  }

  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> unhandled() {
    return (Behavior<T>) UNHANDLED;
  }

  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> stopped() {
    return (Behavior<T>) STOPPED;
  }

  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> empty() {
    return (Behavior<T>) EMPTY;
  }

  @SuppressWarnings("unchecked")
  public static <T> Behavior<T> ignore() {
    return (Behavior<T>) IGNORE;
  }

  public static boolean is(Behavior<?> b, Kind kind) {
    return b instanceof Special<?> s && s.kind == kind;
  }

  @Override
  public String toString() {
    return "Behaviors." + kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
