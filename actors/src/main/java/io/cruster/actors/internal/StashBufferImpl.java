package io.cruster.actors.internal;

import io.cruster.actors.Behavior;
import io.cruster.actors.DeadLetter;
import io.cruster.actors.StashBuffer;
import io.cruster.actors.StashOverflowException;
import io.cruster.actors.internal.behavior.Special;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bounded FIFO of set-aside messages, replayed through the cell's interpreter. Actor thread only.
 */
final class StashBufferImpl<T> implements StashBuffer<T> {
  private final int capacity;
  private final CellContext<T> cell;
  private final ArrayDeque<T> messages = new ArrayDeque<>();

  StashBufferImpl(int capacity, CellContext<T> cell) {
    this.capacity = capacity;
    this.cell = cell;
  }

  @Override
  public StashBuffer<T> stash(T message) {
    Objects.requireNonNull(message, "message");
    if (messages.size() >= capacity) {
      throw new StashOverflowException(
          "stash of "
              + cell.path()
              + " is full (capacity "
              + capacity
              + "); could not stash "
              + message.getClass().getName());
    }
    messages.add(message);
    return this;
  }

  @Override
  public Behavior<T> unstashAll(Behavior<T> behavior) {
    // Replays what was stashed when the call started; messages stashed again while replaying stay
    // for later.
    int n = messages.size();
    try {
      Behavior<T> current = cell.start(behavior);
      for (int i = 0; i < n && !Special.is(current, Special.Kind.STOPPED); i++) {
        T m = messages.poll();
        Behavior<T> next = cell.interpret(current, m);
        if (Special.is(next, Special.Kind.UNHANDLED)) {
          cell.system.deadLetter(m, cell, DeadLetter.Reason.UNHANDLED);
        } else if (!Special.is(next, Special.Kind.SAME)) {
          current = Special.is(next, Special.Kind.STOPPED) ? next : cell.start(next);
        }
      }
      return current;
    } catch (Exception e) {
      // A replayed handler's failure goes to the supervisor unchanged, as if the message had just
      // arrived.
      throw StashBufferImpl.<RuntimeException>rethrow(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E rethrow(Throwable t) throws E {
    throw (E) t;
  }

  @Override
  public boolean isEmpty() {
    return messages.isEmpty();
  }

  @Override
  public boolean isFull() {
    return messages.size() >= capacity;
  }

  @Override
  public int size() {
    return messages.size();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public void forEach(Consumer<T> action) {
    messages.forEach(action);
  }

  @Override
  public void clear() {
    for (T m : messages) {
      cell.system.deadLetter(m, cell, DeadLetter.Reason.DROPPED);
    }
    messages.clear();
  }
}
