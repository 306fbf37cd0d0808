package io.cruster.remoting.internal;

import io.cruster.remoting.internal.RemoteFailure.Kind;
import io.cruster.remoting.internal.proto.Exit;
import io.cruster.remoting.internal.proto.ReplyChunk;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The caller's side of one call in flight on a {@link ClientSession}. It ends exactly once,
 * whichever comes first: its exit, its deadline (then an Interrupt goes to the server), the loss of
 * the stream, or the caller giving up. Ending releases its in-flight permit (its deadline is swept
 * with the session's others). Thread-safe: the end is a CAS; subclasses deliver the outcome.
 */
abstract class PendingCall {
  final ClientSession session;
  final long id;
  final RemoteCall call;
  final long timeoutNanos;
  final long deadlineNanos;
  private final AtomicBoolean done = new AtomicBoolean();

  PendingCall(ClientSession session, long id, RemoteCall call, long timeoutNanos) {
    this.session = session;
    this.id = id;
    this.call = call;
    this.timeoutNanos = timeoutNanos;
    this.deadlineNanos = System.nanoTime() + timeoutNanos;
  }

  /** A chunk arrived (event loop). */
  abstract void onChunk(ReplyChunk chunk);

  /** The call succeeded; called once. */
  abstract void onSuccess(byte[] payload);

  /** The call failed; called once. */
  abstract void onFailure(RemoteFailure failure);

  boolean isDone() {
    return done.get();
  }

  /** The exit arrived (event loop). */
  void exit(Exit exit) {
    int size = exit.getSerializedSize();
    int max = session.client.settings.maxMessageBytes();
    if (size > max) {
      fail(
          RemoteFailure.of(
              Kind.TOO_LARGE, "the reply is " + size + " bytes, over the limit of " + max));
      return;
    }
    if (!finish()) {
      return;
    }
    if (exit.hasFailure()) {
      onFailure(Frames.failure(exit.getFailure()));
    } else {
      onSuccess(Frames.bytes(exit.getSuccess()));
    }
  }

  void fail(RemoteFailure failure) {
    if (finish()) {
      onFailure(failure);
    }
  }

  /** The caller gives up (cancel, close, interrupt): tell the server, fail with {@code failure}. */
  void abandon(RemoteFailure failure) {
    if (finish()) {
      session.writer.offerControl(Frames.interrupt(id));
      onFailure(failure);
    }
  }

  RemoteException error(RemoteFailure failure) {
    return new RemoteException(context(), failure);
  }

  String context() {
    return "call " + call.address() + " " + call.tag() + " on " + session.client.target();
  }

  /** Its deadline passed (the session's {@link Deadlines} sweep). */
  void expire() {
    abandon(
        RemoteFailure.of(
            Kind.TIMEOUT,
            "no reply within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms"));
  }

  private boolean finish() {
    if (!done.compareAndSet(false, true)) {
      return false;
    }
    session.forget(this);
    session.client.inFlight.release();
    return true;
  }
}
