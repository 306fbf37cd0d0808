package io.cruster.actors.internal.serialization;

import com.esotericsoftware.kryo.KryoException;
import io.cruster.actors.SerializationException;

/**
 * Turns whatever escaped Kryo into one {@link SerializationException}: our own (found anywhere in
 * the cause chain, since Kryo wraps exceptions thrown inside serializers) keeps its message; depth
 * overruns and everything else become "malformed". Stateless and thread-safe.
 */
final class Failures {
  private Failures() {}

  static SerializationException translate(String context, Throwable failure, boolean reading) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SerializationException own) {
        return new SerializationException(context + ": " + own.getMessage(), failure);
      }
    }
    if (failure instanceof StackOverflowError
        || (failure instanceof KryoException
            && String.valueOf(failure.getMessage()).startsWith("Max depth exceeded"))) {
      return new SerializationException(
          context
              + ": values are nested deeper than "
              + Limits.MAX_DEPTH
              + " levels (or form a cycle)",
          failure);
    }
    String cause = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    return new SerializationException(
        context + (reading ? ": malformed or truncated bytes (" + cause + ")" : ": " + cause),
        failure);
  }
}
