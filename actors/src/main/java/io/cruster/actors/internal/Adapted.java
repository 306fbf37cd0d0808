package io.cruster.actors.internal;

import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Values wrapped for an actor and converted on the actor's own thread. */
final class Adapted {
  private Adapted() {}

  /** A message for a {@code messageAdapter} ref. */
  record Message<U, T>(U value, Function<U, T> adapter) implements InternalMessage {
    @Override
    public Object unwrap(ActorCell<?> cell) {
      return adapter.apply(value);
    }
  }

  /** The outcome of a piped future or an ask. */
  record Result<V, T>(V value, Throwable failure, BiFunction<V, Throwable, T> mapper)
      implements InternalMessage {
    @Override
    public Object unwrap(ActorCell<?> cell) {
      Throwable cause =
          failure instanceof CompletionException ce && ce.getCause() != null
              ? ce.getCause()
              : failure;
      return mapper.apply(cause == null ? value : null, cause);
    }
  }
}
