package io.cruster.sharding.internal;

import io.cruster.actors.CrusterException;
import io.cruster.actors.spi.Serializer;
import io.cruster.sharding.EntityException;
import io.cruster.sharding.StepTimeoutException;
import io.cruster.sharding.WorkflowCancelledException;

/** Handler failures as stored bytes, and back as the exception callers see. */
final class Failures {
  private Failures() {}

  static RuntimeTypes.Failure of(Throwable t) {
    if (t instanceof EntityException e) {
      return new RuntimeTypes.Failure(e.remoteType(), e.remoteMessage());
    }
    return new RuntimeTypes.Failure(
        t.getClass().getName(), t.getMessage() == null ? "" : t.getMessage());
  }

  static byte[] bytes(Serializer serializer, Throwable t) {
    return serializer.toBytes(of(t));
  }

  /**
   * The stored failure as the exception callers see: a cancellation or a step timeout as itself
   * (its message as it was), anything else as an {@link EntityException} naming its type.
   */
  static RuntimeException exception(String context, Serializer serializer, byte[] bytes) {
    RuntimeTypes.Failure f = serializer.fromBytes(bytes, RuntimeTypes.Failure.class);
    if (f.type().equals(WorkflowCancelledException.class.getName())) {
      return new WorkflowCancelledException(f.message());
    }
    if (f.type().equals(StepTimeoutException.class.getName())) {
      return new StepTimeoutException(f.message());
    }
    return new EntityException(context, f.type(), f.message());
  }

  /**
   * Infrastructure failures pass through; everything a handler threw becomes an {@link
   * EntityException}.
   */
  /** The cause inside {@link java.util.concurrent.ExecutionException}s and completion wrappers. */
  static Throwable unwrap(Throwable t) {
    while ((t instanceof java.util.concurrent.ExecutionException
            || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** As {@link #unwrap}, wrapped in a {@link CrusterException} if it is checked or an error. */
  static RuntimeException unwrapToRuntime(Throwable t) {
    Throwable u = unwrap(t);
    return u instanceof RuntimeException re ? re : new CrusterException(u.toString(), u);
  }

  static RuntimeException asCallFailure(String context, Throwable t) {
    if (t instanceof EntityException e) {
      return e;
    }
    if (t instanceof CrusterException ce) {
      return ce;
    }
    RuntimeTypes.Failure f = of(t);
    return new EntityException(context, f.type(), f.message());
  }
}
