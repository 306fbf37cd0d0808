package io.cruster.actors.internal;

import io.cruster.actors.ActorPath;
import io.cruster.actors.ActorRef;
import io.cruster.actors.InvalidMessageException;
import io.cruster.actors.MailboxFullException;
import java.time.Duration;
import java.util.function.Function;

/**
 * The ref returned by {@code messageAdapter}: converts on the owner's thread, bounded by its
 * mailbox.
 */
final class AdapterRef<U, T> implements ActorRef<U> {
  private final CellContext<T> owner;
  private final Class<U> type;
  private final Function<U, T> adapter;

  AdapterRef(CellContext<T> owner, Class<U> type, Function<U, T> adapter) {
    this.owner = owner;
    this.type = type;
    this.adapter = adapter;
  }

  @Override
  public void tell(U message) {
    if (message == null) {
      throw new InvalidMessageException("null message to " + path());
    }
    if (!owner.offer(new Adapted.Message<>(type.cast(message), adapter), true)) {
      throw new MailboxFullException(
          "mailbox of " + owner.path() + " is full (capacity " + owner.capacity() + ")");
    }
  }

  @Override
  public void tell(U message, Duration timeout) {
    if (message == null) {
      throw new InvalidMessageException("null message to " + path());
    }
    owner.offerWaiting(new Adapted.Message<>(type.cast(message), adapter), timeout);
  }

  @Override
  public ActorPath path() {
    return owner.path().child("$adapter-" + type.getSimpleName());
  }

  @Override
  public String toString() {
    return "Adapter[" + path() + "]";
  }
}
